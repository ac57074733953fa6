/** Running the package in a fresh process, for what is decided once at import (backend selection). */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../src/index.js', import.meta.url));

/** What `expression` (over the package, imported as `p`) prints in a fresh process under the given environment. */
export function inChild(env: Record<string, string | undefined>, expression: string): string {
  const script = `import(${JSON.stringify(entry)}).then((p) => console.log(${expression}))`;
  const childEnv = { ...process.env, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: childEnv, encoding: 'utf8' }).trim();
}
