/**
 * The API reference builds with no warnings: `npm run docs` (TypeDoc, typedoc.json) with warnings
 * treated as errors, so a public symbol without a doc comment (a property or enum member included),
 * a type the API references but does not export, or a broken {@link} fails CI here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OptionDefaults } from 'typedoc';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

test('typedoc.json requires a doc comment on every kind of public symbol, warnings failing the build', () => {
  const config = JSON.parse(readFileSync(join(ROOT, 'typedoc.json'), 'utf8'));
  assert.equal(config.treatWarningsAsErrors, true);
  assert.equal(config.validation?.notDocumented, true);
  // TypeDoc's default list (enum members and properties among them), properties named again so that
  // a TypeDoc release dropping them cannot drop them here, and the kinds it leaves out.
  for (const kind of new Set([...OptionDefaults.requiredToBeDocumented, 'Property', 'Namespace', 'Constructor'])) {
    assert.ok(config.requiredToBeDocumented.includes(kind), `requiredToBeDocumented lacks ${kind}`);
  }
});

test('npm run docs (TypeDoc) builds the API reference with no warnings', () => {
  const out = mkdtempSync(join(tmpdir(), 'api-docs-'));
  // typedoc.json's settings, written elsewhere than docs/api so that the test leaves the tree alone.
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/typedoc/bin/typedoc'), '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
  const output = `${run.stdout}${run.stderr}`;
  assert.equal(run.status, 0, `typedoc exited ${run.status ?? run.error?.message}:\n${output}`);
  assert.doesNotMatch(output, /warning|error/i, output);
  assert.ok(existsSync(join(out, 'index.html')), 'the reference has its index page');
  assert.ok(existsSync(join(out, 'functions', 'index.save.html')), 'and a page for each function, save() among them');
});
