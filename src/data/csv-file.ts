/** Reading a CSV table from a file (Node only; parseCsv in csv.ts works on text anywhere). */
import { readFileSync } from 'node:fs';
import { parseCsv, type CsvData, type CsvOptions } from './csv.js';
import { DatasetError } from './errors.js';

/**
 * Loads a CSV file, or CSV text: a string with a line break is taken as the text itself, any other
 * string as a path. Options as parseCsv.
 */
export function loadCsv(pathOrText: string, options: CsvOptions = {}): CsvData {
  if (/[\r\n]/.test(pathOrText)) return parseCsv(pathOrText, options);
  let text: string;
  try {
    text = readFileSync(pathOrText, 'utf8');
  } catch (error) {
    throw new DatasetError(`${pathOrText}: cannot read the CSV file (${(error as Error).message})`);
  }
  return parseCsv(text, { ...options, source: pathOrText });
}
