/**
 * The data layer's errors. Each names the file (or the text's stand-in name), and where it can,
 * the line and column, what was expected and what came.
 */
import { PerceptronError } from '../errors.js';

/** A data set that cannot be found, fetched, verified or read. */
export class DatasetError extends PerceptronError {}

/** A file that is not valid IDX (LeCun's format for MNIST): names the file and what is wrong. */
export class IdxError extends DatasetError {
  /** An error about `file`: what is wrong with it. */
  constructor(
    /** The IDX file's path (or the name it was given as). */
    readonly file: string,
    /** What is wrong with it, without the file name: the message is `${file}: ${detail}`. */
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

/** A CSV cell, row or option that cannot become a tensor: file, then line and column (1-based). */
export class CsvError extends DatasetError {
  /** An error about `file` at a line and column (null where it does not apply). */
  constructor(
    /** The CSV file's path, or the name given for text parsed from memory. */
    readonly file: string,
    /** 1-based line number of the problem; null when it concerns no line (a bad option). */
    readonly line: number | null,
    /** 1-based column (field) number; null when it concerns no one column. */
    readonly column: number | null,
    /** What is wrong, without the location: the message prefixes file, line and column. */
    readonly detail: string,
  ) {
    const where = [file, line === null ? '' : `line ${line}`, column === null ? '' : `column ${column}`].filter(Boolean);
    super(`${where.join(', ')}: ${detail}`);
  }
}
