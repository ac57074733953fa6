/**
 * A CSV file of the user's own 2-D points: two numeric columns x₁, x₂ and a label column (the last),
 * read by the library's parseCsv (header detected, delimiter detected). Integer or text labels
 * make a classification problem, other numbers a regression. Everything that would make a poor
 * data set is refused with a message naming the file, and the line and column where it can.
 */
import { data } from 'perceptron';
import type { Task } from './problem.js';

/** What the playground can show: as many classes as it has colours, points it can train on live. */
export const MAX_CLASSES = 8;
export const MAX_ROWS = 2000;
const MIN_ROWS = 4;

export interface UploadedPoints {
  fileName: string;
  task: Task;
  classNames: string[];
  /** x (N, 2) float32; y (N) int32 classes or (N, 1) float32 targets. */
  points: data.LabeledData;
}

/** A file the playground cannot use; the message says why, and where. */
export class CsvUploadError extends Error {
  override name = 'CsvUploadError';
}

/**
 * The line and column of every non-finite value (NaN, inf), which parseCsv accepts as numbers but
 * a network cannot train on. Rows are matched to lines through the records parseCsv also reads.
 */
function firstNonFinite(text: string, fileName: string, table: data.CsvData): string | null {
  const values = [table.x.data as Float32Array, table.y.data as Float32Array | Int32Array];
  const rows = table.x.shape[0];
  const records = data
    .parseCsvRecords(text.replace(/^\uFEFF/, ''), data.detectDelimiter(text), fileName)
    .filter((r) => !(r.fields.length === 1 && r.fields[0].trim() === ''));
  const headerRows = records.length - rows;
  for (let r = 0; r < rows; r++) {
    const cells = [values[0][2 * r], values[0][2 * r + 1], table.task === 'regression' ? values[1][r] : 0];
    const column = cells.findIndex((v) => !Number.isFinite(v));
    if (column >= 0) {
      const record = records[r + headerRows];
      return `${fileName}, line ${record.line}, column ${column + 1}: ${JSON.stringify(record.fields[column].trim())} is not a finite number`;
    }
  }
  return null;
}

/** Reads and checks an uploaded CSV; throws CsvUploadError with a message for the page. */
export function readPointsCsv(text: string, fileName: string): UploadedPoints {
  let table: data.CsvData;
  try {
    table = data.parseCsv(text, { source: fileName });
  } catch (error) {
    if (error instanceof data.CsvError) throw new CsvUploadError(error.message);
    throw error;
  }
  const columns = table.featureNames.length + 1;
  if (columns !== 3) {
    const names = table.featureNames.concat(table.labelName).map((n) => `'${n}'`).join(', ');
    throw new CsvUploadError(`${fileName}: expected 3 columns (x₁, x₂, then the label), found ${columns}: ${names}`);
  }
  const rows = table.x.shape[0];
  if (rows < MIN_ROWS) throw new CsvUploadError(`${fileName}: only ${rows} data row(s); the playground needs at least ${MIN_ROWS} points`);
  if (rows > MAX_ROWS) throw new CsvUploadError(`${fileName}: ${rows} data rows; the playground trains live on up to ${MAX_ROWS} points`);
  const nonFinite = firstNonFinite(text, fileName, table);
  if (nonFinite) throw new CsvUploadError(nonFinite);
  const classNames = table.classNames ?? [];
  if (table.task === 'classification' && classNames.length < 2) {
    throw new CsvUploadError(`${fileName}: every label in column '${table.labelName}' is ${JSON.stringify(classNames[0])}; a classification needs at least two classes`);
  }
  if (classNames.length > MAX_CLASSES) {
    throw new CsvUploadError(`${fileName}: ${classNames.length} classes in column '${table.labelName}'; the playground colours up to ${MAX_CLASSES}`);
  }
  return { fileName, task: table.task, classNames, points: { x: table.x, y: table.y } };
}
