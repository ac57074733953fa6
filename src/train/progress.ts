/**
 * Progress on a terminal: a bar redrawn in place while an epoch runs, and one summary line per
 * epoch. Where the output is not a terminal (CI logs, pipes) only the summary lines are written.
 */
import type { BatchEvent, EpochRecord } from './fit.js';

/** Where progress lines go: a writable text stream (process.stderr), and whether it is a terminal. */
export interface ProgressStream {
  /** Writes text as it is. */
  write(text: string): unknown;
  /** Whether it is a terminal: only then is the bar drawn (and redrawn in place); otherwise just a line per epoch. */
  isTTY?: boolean;
}

const percent = (x: number | undefined) => (x === undefined ? '' : x.toFixed(4));

/** One line summarising an epoch: what the book's train_ch3 prints, plus throughput and time. */
export function formatEpoch(record: EpochRecord, epochs: number): string {
  const parts = [`epoch ${String(record.epoch).padStart(String(epochs).length)}/${epochs}`, `loss ${record.trainLoss.toFixed(4)}`];
  if (record.trainAccuracy !== undefined) parts.push(`train acc ${percent(record.trainAccuracy)}`);
  if (record.testLoss !== undefined && record.testAccuracy === undefined) parts.push(`test loss ${record.testLoss.toFixed(4)}`);
  if (record.testAccuracy !== undefined) parts.push(`test acc ${percent(record.testAccuracy)}`);
  parts.push(`${Math.round(record.samplesPerSecond).toLocaleString('en-US')} samples/s`, `${record.seconds.toFixed(1)} s`);
  return parts.join('  ');
}

/** Progress of a run on a terminal: a bar redrawn during each epoch, one line per finished epoch (plain lines when not a terminal). */
export class ProgressReporter {
  readonly #stream: ProgressStream;
  readonly #epochs: number;
  #lastDraw = 0;

  /** Progress of a run of `epochs` epochs, written to `stream` (stderr by default). */
  constructor(epochs: number, stream: ProgressStream = process.stderr) {
    this.#epochs = epochs;
    this.#stream = stream;
  }

  /** Redraws the bar (at most 10 times a second, and only on a terminal). */
  batch(event: BatchEvent): void {
    if (!this.#stream.isTTY || event.batches === undefined) return;
    const now = performance.now();
    if (now - this.#lastDraw < 100 && event.batch < event.batches) return;
    this.#lastDraw = now;
    const width = 24;
    const filled = Math.round((width * event.batch) / event.batches);
    const rate = event.seconds > 0 ? Math.round(event.samples / event.seconds).toLocaleString('en-US') : '—';
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    this.#stream.write(`\r\x1b[2Kepoch ${event.epoch}/${this.#epochs} ${bar} ${event.batch}/${event.batches}  loss ${event.loss.toFixed(4)}  ${rate} samples/s`);
  }

  /** Ends an epoch: its line (loss, accuracy, speed, time) replaces the bar. */
  epoch(record: EpochRecord): void {
    this.#stream.write(`${this.#stream.isTTY ? '\r\x1b[2K' : ''}${formatEpoch(record, this.#epochs)}\n`);
  }
}
