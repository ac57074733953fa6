/**
 * What `npm pack` ships: every source map in the package resolves, its sources either shipped
 * beside it (src/, examples/: the TypeScript that dist/ was compiled from) or embedded in it, so a
 * stack trace or a debugger in a user's project leads to readable code instead of a missing file.
 * A working tree's dist/ may also hold the output of sources since deleted (tsc never removes
 * any); packing starts from an empty dist/ (`prepack`) that `prepare` builds, so those are left out here.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { test } from 'node:test';
import { REPOSITORY, sh } from './web-app.js';

interface SourceMap {
  sources: string[];
  sourceRoot?: string;
  sourcesContent?: (string | null)[];
}

test('every source map npm pack ships names sources that ship too, or carries them', { timeout: 60_000 }, async () => {
  // --ignore-scripts: the listing, without the build that `prepare` would run first.
  const [pack] = JSON.parse(await sh('npm pack --dry-run --json --ignore-scripts', REPOSITORY, 60_000)) as [{ files: { path: string }[] }];
  const shipped = new Set(pack.files.map((file) => file.path));
  const maps = [...shipped].filter((path) => path.endsWith('.map'));
  assert.ok(maps.some((path) => path.startsWith('dist/src/')), `the package ships the compiled library's maps: ${maps.slice(0, 5).join(', ')}`);
  const missing: string[] = [];
  for (const path of maps) {
    const map = JSON.parse(readFileSync(join(REPOSITORY, path), 'utf8')) as SourceMap;
    map.sources.forEach((source, index) => {
      const resolved = normalize(join(dirname(path), map.sourceRoot ?? '', source));
      const stale = !existsSync(join(REPOSITORY, resolved));
      if (!stale && !shipped.has(resolved) && typeof map.sourcesContent?.[index] !== 'string') missing.push(`${path} → ${resolved}`);
    });
  }
  assert.deepEqual(missing.slice(0, 10), [], `${missing.length} sources named by shipped maps are neither shipped nor embedded`);
});
