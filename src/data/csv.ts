/**
 * A CSV table as tensors: numeric feature columns become x (N, features) float32; one column is the
 * label, as int32 class indices (classification) or float32 values (N, 1) (regression).
 */
import { Tensor } from '../tensor/tensor.js';
import { detectDelimiter, parseCsvRecords, type CsvRecord } from './csv-records.js';
import { CsvError } from './errors.js';

/** Options of loadCsv and parseCsv: the label column, the task, the delimiter. */
export interface CsvOptions {
  /** The label column: a header name, or an index (negative counts from the end). Default: the last. */
  labelColumn?: string | number;
  /**
   * Classification gives y int32 class indices; regression y float32 (N, 1). By default,
   * classification when every label is a non-number or an integer, regression otherwise.
   */
  task?: 'classification' | 'regression';
  /**
   * Whether line 1 names the columns. 'auto' (default): yes when some column holds a non-number on
   * line 1 but numbers on the next lines.
   */
  header?: boolean | 'auto';
  /** A one-character delimiter, or 'auto' (default): the most frequent of , ; tab | on line 1. */
  delimiter?: string;
}

/** A CSV file as a data set: features x, labels y, the column names, the task and the class names. */
export interface CsvData {
  /** The feature columns, (N, features) float32, one row per record. */
  x: Tensor;
  /** The labels: (N) int32 class indices into classNames, or (N, 1) float32 for regression. */
  y: Tensor;
  /** The name of each column of x, from the header (or the column's index, '0', '1', …, without one). */
  featureNames: string[];
  /** The label column's name, from the header (or its index without one). */
  labelName: string;
  /** As given, or inferred: regression when every label is a number and some are not integers. */
  task: 'classification' | 'regression';
  /**
   * Classification: the label of each class index, sorted (numerically when every label is a number,
   * else in string order), so the mapping depends only on the set of labels. Null for regression.
   */
  classNames: string[] | null;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL: Readonly<Record<string, number>> = { nan: NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity, infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity };

/** A decimal number (also NaN, inf, infinity in any case), or undefined. */
function parseNumber(cell: string): number | undefined {
  const text = cell.trim();
  if (NUMBER.test(text)) return Number(text);
  return SPECIAL[text.toLowerCase()];
}

/** Header detection: some column is a non-number on the first record and numbers on the next (up to 20). */
function looksLikeHeader(records: readonly CsvRecord[]): boolean {
  const [first, ...rest] = records.slice(0, 21);
  return first.fields.some(
    (cell, column) => parseNumber(cell) === undefined && (rest.length === 0 || rest.every((r) => parseNumber(r.fields[column] ?? '') !== undefined)),
  );
}

function resolveLabelColumn(label: string | number, names: readonly string[], hasHeader: boolean, source: string): number {
  const count = names.length;
  if (typeof label === 'number') {
    const index = label < 0 ? label + count : label;
    if (!Number.isInteger(label) || index < 0 || index >= count) {
      throw new CsvError(source, null, null, `labelColumn ${label} is out of range: the table has ${count} columns (0…${count - 1}, or −1…−${count})`);
    }
    return index;
  }
  if (!hasHeader) throw new CsvError(source, 1, null, `labelColumn '${label}' is a name, but the table has no header row (line 1 is data); give an index or header: true`);
  const index = names.indexOf(label);
  if (index < 0) throw new CsvError(source, 1, null, `no column named '${label}'; the columns are ${names.map((n) => `'${n}'`).join(', ')}`);
  return index;
}

/** Parses CSV text; `source` names it in errors (a path, or '<text>'). */
export function parseCsv(text: string, options: CsvOptions & { source?: string } = {}): CsvData {
  const source = options.source ?? '<text>';
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = options.delimiter === undefined || options.delimiter === 'auto' ? detectDelimiter(body) : options.delimiter;
  const records = parseCsvRecords(body, delimiter, source).filter((r) => !(r.fields.length === 1 && r.fields[0].trim() === ''));
  if (records.length === 0) throw new CsvError(source, null, null, 'the file is empty (no rows)');
  const width = records[0].fields.length;
  for (const record of records) {
    if (record.fields.length !== width) {
      throw new CsvError(
        source, record.line, null,
        `ragged row: ${record.fields.length} fields, expected ${width} as on line ${records[0].line} (delimiter ${JSON.stringify(delimiter)})`,
      );
    }
  }
  const headerOption = options.header ?? 'auto';
  const hasHeader = headerOption === 'auto' ? looksLikeHeader(records) : headerOption;
  const names = hasHeader ? records[0].fields.map((f) => f.trim()) : records[0].fields.map((_, i) => String(i));
  const rows = hasHeader ? records.slice(1) : records;
  if (width < 2) throw new CsvError(source, records[0].line, null, `need at least two columns (features and a label), got ${width}`);
  const labelIndex = resolveLabelColumn(options.labelColumn ?? -1, names, hasHeader, source);
  if (rows.length === 0) throw new CsvError(source, null, null, 'no data rows (only a header)');

  const featureColumns = names.map((_, i) => i).filter((i) => i !== labelIndex);
  const named = (column: number) => (hasHeader ? ` in column '${names[column]}'` : '');
  /** NaN, ±Infinity, and numbers past float32's range (1e39) would train to NaN: refused where they are. */
  const checkFinite = (value: number, line: number, column: number) => {
    if (!Number.isFinite(Math.fround(value))) {
      const cell = records.find((record) => record.line === line)!.fields[column].trim();
      throw new CsvError(source, line, column + 1, `non-finite value ${JSON.stringify(cell)}${named(column)} (values must be finite float32 numbers, |x| < 3.4e38)`);
    }
  };
  const headerHint = headerOption === 'auto' && !hasHeader ? ' (if line 1 is a header, pass header: true)' : '';
  const x = new Float32Array(rows.length * featureColumns.length);
  rows.forEach((row, r) => {
    featureColumns.forEach((column, f) => {
      const value = parseNumber(row.fields[column]);
      if (value === undefined) {
        throw new CsvError(source, row.line, column + 1, `non-numeric value ${JSON.stringify(row.fields[column])}${named(column)}${r === 0 ? headerHint : ''}`);
      }
      checkFinite(value, row.line, column);
      x[r * featureColumns.length + f] = value;
    });
  });

  const labels = rows.map((row) => row.fields[labelIndex].trim());
  labels.forEach((label, r) => {
    if (label === '') throw new CsvError(source, rows[r].line, labelIndex + 1, `empty label${named(labelIndex)}`);
  });
  const values = labels.map(parseNumber);
  const allNumbers = values.every((v) => v !== undefined);
  const task = options.task ?? (allNumbers && !values.every((v) => Number.isInteger(v)) ? 'regression' : 'classification');
  const base = { featureNames: featureColumns.map((c) => names[c]), labelName: names[labelIndex], task };
  const xTensor = new Tensor(x, [rows.length, featureColumns.length]);

  if (task === 'regression') {
    const y = new Float32Array(rows.length);
    values.forEach((v, r) => {
      if (v === undefined) throw new CsvError(source, rows[r].line, labelIndex + 1, `non-numeric label ${JSON.stringify(labels[r])}${named(labelIndex)} (task: regression needs numbers)`);
      checkFinite(v, rows[r].line, labelIndex);
      y[r] = v;
    });
    return { ...base, x: xTensor, y: new Tensor(y, [rows.length, 1]), classNames: null };
  }
  // Numeric labels are classes by value (so "1" and "1.0" are one class); names are then their canonical form.
  if (allNumbers) values.forEach((v, r) => checkFinite(v!, rows[r].line, labelIndex));
  const keys = allNumbers ? values.map((v) => String(v)) : labels;
  const distinct = [...new Set(keys)];
  if (distinct.length < 2) {
    throw new CsvError(
      source, null, null,
      `only one class ('${distinct[0]}') in column '${names[labelIndex]}'; classification needs at least two (for a numeric target, task: 'regression')`,
    );
  }
  const classNames = allNumbers ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort();
  const indexOf = new Map(classNames.map((name, i) => [name, i]));
  const y = Int32Array.from(keys, (key) => indexOf.get(key)!);
  return { ...base, x: xTensor, y: new Tensor(y, [rows.length]), classNames };
}
