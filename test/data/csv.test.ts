/** CSV tables: RFC 4180 quoting, delimiter and header detection, label mapping, and errors with line and column. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { data } from '../../src/index.js';
import { tempDir } from './idx-files.js';

const { loadCsv, parseCsv, parseCsvRecords, detectDelimiter, CsvError, DatasetError } = data;

const IRIS = `sepal_length,sepal_width,species
5.1,3.5,setosa
7.0,3.2,versicolor
6.3,3.3,virginica
4.9,3.0,setosa
`;

test('a file with a header and string labels: features float32, classes sorted, names kept', () => {
  const path = join(tempDir(), 'iris.csv');
  writeFileSync(path, IRIS);
  const d = loadCsv(path);
  assert.deepEqual(d.featureNames, ['sepal_length', 'sepal_width']);
  assert.equal(d.labelName, 'species');
  assert.equal(d.task, 'classification');
  assert.deepEqual(d.classNames, ['setosa', 'versicolor', 'virginica']);
  assert.equal(d.x.dtype, 'float32');
  assert.deepEqual(d.x.shape, [4, 2]);
  assert.deepEqual((d.x.toArray() as number[][])[1], [7, Math.fround(3.2)]);
  assert.equal(d.y.dtype, 'int32');
  assert.deepEqual(Array.from(d.y.data), [0, 1, 2, 0]);
});

test('text instead of a path; labelColumn by name or index; integer labels map by value in numeric order', () => {
  const text = 'label,a,b\n10,1,2\n2,3,4\n10.0,5,6\n';
  const byName = loadCsv(text, { labelColumn: 'label' });
  assert.deepEqual(byName.classNames, ['2', '10']);
  assert.deepEqual(Array.from(byName.y.data), [1, 0, 1]);
  assert.deepEqual(byName.featureNames, ['a', 'b']);
  assert.deepEqual(loadCsv(text, { labelColumn: 0 }).x.toArray(), [[1, 2], [3, 4], [5, 6]]);
  assert.deepEqual(loadCsv(text, { labelColumn: -1 }).featureNames, ['label', 'a']);
});

test('regression: fractional labels are inferred as regression, y (N, 1) float32; task can be forced', () => {
  const d = parseCsv('x1,x2,y\n1,2,0.5\n3,4,1.25\n');
  assert.equal(d.task, 'regression');
  assert.equal(d.classNames, null);
  assert.deepEqual(d.y.shape, [2, 1]);
  assert.deepEqual(d.y.toArray(), [[0.5], [1.25]]);
  const forced = parseCsv('x,y\n1,3\n2,4\n', { task: 'regression' });
  assert.equal(forced.y.dtype, 'float32');
});

test('header detection: auto finds a header row and its absence; header: false reads line 1 as data', () => {
  const headless = parseCsv('1,2,0\n3,4,1\n');
  assert.deepEqual(headless.x.shape, [2, 2]);
  assert.deepEqual(headless.featureNames, ['0', '1']);
  assert.equal(headless.labelName, '2');
  assert.deepEqual(parseCsv('a,b,c\n1,2,0\n3,4,1\n').x.shape, [2, 2]);
  assert.throws(() => parseCsv('a,b,c\n1,2,0\n', { header: false }), /line 1, column 1: non-numeric value "a"/);
  assert.deepEqual(parseCsv('9,8,7\n1,2,0\n3,4,1\n', { header: true }).featureNames, ['9', '8']);
});

test('delimiters: auto-detected semicolons and tabs, or given', () => {
  assert.equal(detectDelimiter('a;b;c\n1;2;3'), ';');
  assert.equal(detectDelimiter('a\tb\n'), '\t');
  assert.equal(detectDelimiter('"x;y",b,c\n'), ',');
  assert.deepEqual(parseCsv('a|b|y\n1.5|2|0\n3|4|1\n', { delimiter: '|' }).x.toArray(), [[1.5, 2], [3, 4]]);
  assert.throws(() => parseCsv('a;b;y\n1,5;2;0\n'), /line 2, column 1: non-numeric value "1,5" in column 'a'/);
  assert.deepEqual(parseCsv('a\tb\ty\n1\t2\tcat\n3\t4\tdog\n').x.toArray(), [[1, 2], [3, 4]]);
});

test('RFC 4180: quoted fields with delimiters, doubled quotes, line breaks; CRLF; line numbers of records', () => {
  const records = parseCsvRecords('name,note\r\n"Smith, J","said ""hi""\nand left"\r\nx,""\r\n', ',', 't');
  assert.deepEqual(records.map((r) => r.fields), [['name', 'note'], ['Smith, J', 'said "hi"\nand left'], ['x', '']]);
  assert.deepEqual(records.map((r) => r.line), [1, 2, 4]);
  assert.deepEqual(parseCsvRecords('a,b', ',', 't').map((r) => r.fields), [['a', 'b']]);
  assert.throws(() => parseCsvRecords('a,"open\n', ',', 'f.csv'), /f\.csv, line 1, column 2: a quoted field is never closed/);
  assert.throws(() => parseCsvRecords('"a"b,c\n', ',', 'f.csv'), /unexpected "b" after a closing quote/);
});

test('quoted labels, a byte-order mark and blank lines are handled', () => {
  const d = parseCsv('\ufeffa,b,kind\n1,2,"big, red"\n\n3,4,small\n');
  assert.deepEqual(d.classNames, ['big, red', 'small']);
  assert.deepEqual(d.x.shape, [2, 2]);
});

/** Asserts a CsvError whose message names the file, the line and the column. */
function assertCsvError(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error: Error) => {
    assert.ok(error instanceof CsvError, `${error.name}: ${error.message}`);
    assert.match(error.message, pattern);
    return true;
  });
}

test('errors name the file, line and column: non-numeric cells, ragged rows, empty files, unknown label columns', () => {
  const path = join(tempDir(), 'bad.csv');
  writeFileSync(path, 'a,b,y\n1,2,0\n3,x,1\n');
  assertCsvError(() => loadCsv(path), new RegExp(`${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}, line 3, column 2: non-numeric value "x" in column 'b'`));
  writeFileSync(path, 'a,b,y\n1,2,0\n3,4\n');
  assertCsvError(() => loadCsv(path), /bad\.csv, line 3: ragged row: 2 fields, expected 3 as on line 1/);
  writeFileSync(path, '');
  assertCsvError(() => loadCsv(path), /bad\.csv: the file is empty/);
  writeFileSync(path, '\n\n');
  assertCsvError(() => loadCsv(path), /the file is empty/);
  assertCsvError(() => parseCsv('a,b,y\n', { source: 'h.csv' }), /h\.csv: no data rows/);
  assertCsvError(() => parseCsv('a,b,y\n1,2,3\n', { labelColumn: 'label' }), /line 1: no column named 'label'; the columns are 'a', 'b', 'y'/);
  assertCsvError(() => parseCsv('1,2,3\n4,5,6\n', { labelColumn: 'y' }), /labelColumn 'y' is a name, but the table has no header row/);
  assertCsvError(() => parseCsv('1,2,3\n4,5,6\n', { labelColumn: 3 }), /labelColumn 3 is out of range: the table has 3 columns/);
  assertCsvError(() => parseCsv('a,y\n1,2\n2,big\n', { task: 'regression' }), /line 3, column 2: non-numeric label "big" in column 'y'/);
  assertCsvError(() => parseCsv('a,b,y\n1,,0\n'), /line 2, column 2: non-numeric value ""/);
  assert.throws(() => loadCsv(join(tempDir(), 'missing.csv')), (e: Error) => e instanceof DatasetError && /missing\.csv: cannot read/.test(e.message));
});
