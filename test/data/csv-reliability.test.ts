/**
 * The CSV reader refuses what would train to NaN or to nothing: non-finite values (NaN, Infinity,
 * 1e400, or past float32's range), empty labels, and a single class; any table is read
 * consistently or refused with file, line and column (fast-check).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { data } from '../../src/index.js';

const { parseCsv, CsvError } = data;

const refused = (text: string, message: RegExp, options: Parameters<typeof parseCsv>[1] = {}) =>
  assert.throws(() => parseCsv(text, { source: 'd.csv', ...options }), (e: Error) => {
    assert.ok(e instanceof CsvError, `${e.name}: ${e.message}`);
    assert.match(e.message, message);
    return true;
  });

test('NaN, Infinity, 1e400 and 1e39 (past float32) in a feature column are refused with line, column and value', () => {
  for (const value of ['NaN', 'nan', 'Infinity', '-inf', '1e400', '1e39', '-3.5e38']) {
    refused(`a,b,label\n1,2,x\n3,${value},y\n5,6,x\n`, new RegExp(`^d\\.csv, line 3, column 2: non-finite value "${value.replace('+', '\\+')}" in column 'b'`));
  }
});

test('non-finite regression targets are refused too', () => {
  refused('a,y\n1,0.5\n2,inf\n3,1.5\n', /^d\.csv, line 3, column 2: non-finite value "inf" in column 'y'/);
  refused('a,y\n1,0.5\n2,NaN\n3,1.5\n', /line 3, column 2: non-finite value "NaN"/, { task: 'regression' });
});

test('an empty label is refused, not made a class ""', () => {
  refused('a,label\n1,x\n2,\n3,y\n', /^d\.csv, line 3, column 2: empty label in column 'label'/);
  refused('a,label\n1,x\n2," "\n3,y\n', /line 3, column 2: empty label/);
});

test('classification with a single class is refused (accuracy would be 1.0 whatever the model)', () => {
  refused('a,label\n1,x\n2,x\n3,x\n', /^d\.csv: only one class \('x'\) in column 'label'; classification needs at least two \(for a numeric target, task: 'regression'\)/);
  refused('a,label\n1,1\n2,1\n', /only one class \('1'\)/);
  assert.deepEqual(parseCsv('a,label\n1,x\n2,y\n', { source: 'd.csv' }).classNames, ['x', 'y']);
});

/** A table of 2–6 rows: numeric features, a label column of class names or numbers; cells then mutated. */
const cell = fc.oneof(
  { arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String), weight: 6 },
  { arbitrary: fc.constantFrom('', ' ', 'NaN', 'inf', '-Infinity', '1e400', '1e39', 'x', '"q,u"', '""', '1,5', '"', 'a"b', '\t', '-', '.', '1e', '0x10', '١'), weight: 2 },
  { arbitrary: fc.string({ maxLength: 4 }), weight: 1 },
);
const table = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 6 })).chain(([features, rows]) =>
  fc.tuple(fc.constant(features), fc.array(fc.tuple(fc.array(cell, { minLength: features, maxLength: features }), fc.oneof(cell, fc.constantFrom('a', 'b', '1', '2'))), { minLength: rows, maxLength: rows }), fc.boolean()),
);

const counts = { tried: 0, read: 0, refused: 0 };

test('property: any table is read into finite tensors of matching shapes or refused with a CsvError naming the file (fast-check, 800 tables)', (t) => {
  fc.assert(
    fc.property(table, fc.constantFrom(',', ';', '\t'), ([features, rows, header], delimiter) => {
      const lines = rows.map(([xs, label]) => [...xs, label].join(delimiter));
      if (header) lines.unshift([...Array.from({ length: features }, (_, i) => `f${i}`), 'label'].join(delimiter));
      const text = lines.join('\n');
      counts.tried++;
      let parsed;
      try {
        parsed = parseCsv(text, { source: 'p.csv' });
      } catch (error) {
        assert.ok(error instanceof CsvError, `${(error as Error).name}: ${(error as Error).message}`);
        assert.match((error as Error).message, /^p\.csv[,:]/);
        counts.refused++;
        return;
      }
      counts.read++;
      const [n, d] = parsed.x.shape;
      assert.ok(n >= 1 && d >= 1);
      assert.ok(Array.from(parsed.x.data).every(Number.isFinite), 'features finite');
      assert.ok(Array.from(parsed.y.data).every(Number.isFinite), 'labels finite');
      assert.equal(parsed.y.shape[0], n);
      if (parsed.task === 'classification') {
        assert.ok(parsed.classNames!.length >= 2 && parsed.classNames!.every((name) => name.trim() !== ''), JSON.stringify(parsed.classNames));
        assert.ok(Array.from(parsed.y.data).every((c) => c >= 0 && c < parsed.classNames!.length));
      }
    }),
    { numRuns: 800, seed: 4 },
  );
  assert.ok(counts.read > 50 && counts.refused > 100, JSON.stringify(counts));
  t.diagnostic(`CSV tables: ${counts.tried} tried, ${counts.read} read, ${counts.refused} refused cleanly, 0 crashes`);
});
