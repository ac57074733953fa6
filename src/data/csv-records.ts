/**
 * Splitting CSV text into records, as RFC 4180 defines them: fields separated by a delimiter,
 * records by CRLF (LF or CR alone are accepted too); a field in double quotes may hold delimiters,
 * line breaks and doubled quotes ("" for "). Each record remembers the line it starts on.
 */
import { CsvError } from './errors.js';

/** One record of a CSV file: its fields and the line it starts on (for messages). */
export interface CsvRecord {
  /** The record's fields in column order, unquoted ("" inside quotes read as "), not trimmed. */
  fields: string[];
  /** 1-based line number of the record's first character. */
  line: number;
}

/** Delimiters tried by detectDelimiter, in order of preference on a tie. */
const DELIMITERS = [',', ';', '\t', '|'] as const;

/** The candidate that occurs most often (outside quotes) on the first line; ',' if none does. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** The records of `text`; `source` names the file in errors. A trailing line break adds no record. */
export function parseCsvRecords(text: string, delimiter: string, source: string): CsvRecord[] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new CsvError(source, null, null, `the delimiter must be one character other than a quote or line break, got ${JSON.stringify(delimiter)}`);
  }
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  /** Whether the current record has begun (so a final record without a line break still counts). */
  let inRecord = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    inRecord = true;
    if (ch === '"' && field === '') {
      const quoteLine = line;
      i++;
      for (;;) {
        if (i >= text.length) throw new CsvError(source, quoteLine, fields.length + 1, 'a quoted field is never closed (missing ")');
        const c = text[i++];
        if (c !== '"') {
          if (c === '\n' || (c === '\r' && text[i] !== '\n')) line++;
          field += c;
        } else if (text[i] === '"') {
          field += '"';
          i++;
        } else {
          break;
        }
      }
      if (i < text.length && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
        throw new CsvError(source, line, fields.length + 1, `unexpected ${JSON.stringify(text[i])} after a closing quote (expected the delimiter or a line break)`);
      }
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
      i++;
    } else if (ch === '\n' || ch === '\r') {
      fields.push(field);
      records.push({ fields, line: recordLine });
      fields = [];
      field = '';
      inRecord = false;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      recordLine = ++line;
    } else {
      field += ch;
      i++;
    }
  }
  if (inRecord) {
    fields.push(field);
    records.push({ fields, line: recordLine });
  }
  return records;
}
