/**
 * The part of the data layer that needs no Node API (no files, no downloads): data sets and
 * batching, TensorFlow Playground's synthetic sets, D2L's synthetic linear data, train/test splits
 * and CSV text. The browser entry (src/browser.ts) exports this as `data`; the Node entry adds the
 * file readers and loaders (src/data/index.ts).
 */
export { TensorDataset, type Dataset, type BatchableDataset, type Sample, type LabeledData } from './dataset.js';
export { DataLoader, type DataLoaderOptions } from './dataloader.js';
export { randperm } from './permutation.js';
export { trainTestSplit } from './split.js';
export { circle, xor, gauss, spiral, multiSpiral, plane, multiGaussian } from './playground.js';
export { syntheticLinear } from './linear.js';
export {
  syntheticDatasets, syntheticDatasetNames, isSyntheticDataset, drawSyntheticDataset,
  type SyntheticDataset, type SyntheticDatasetName, type DrawOptions, type Task,
} from './registry.js';
export { parseCsv, type CsvOptions, type CsvData } from './csv.js';
export { detectDelimiter, parseCsvRecords, type CsvRecord } from './csv-records.js';
export { DatasetError, IdxError, CsvError } from './errors.js';
