/**
 * The data layer: data sets and batching (Dataset, TensorDataset, DataLoader), the IDX reader and
 * the Fashion-MNIST / MNIST loaders, TensorFlow Playground's synthetic sets, D2L's synthetic linear
 * data, train/test splits and CSV tables.
 */
export { TensorDataset, type Dataset, type BatchableDataset, type Sample, type LabeledData } from './dataset.js';
export { DataLoader, type DataLoaderOptions } from './dataloader.js';
export { randperm } from './permutation.js';
export { trainTestSplit } from './split.js';
export { parseIdx, readIdx, type IdxData, type IdxType, type IdxValues } from './idx.js';
export { downloadVerified, verifyChecksums, fetchBytes, type FetchBytes, type Checksums } from './download.js';
export {
  loadImageDataset, defaultCacheDir,
  type ImageDatasetSpec, type ImageDatasetOptions, type ImageClassificationData, type ImageSplit, type IdxFileSpec, type IdxFileRole,
} from './image-dataset.js';
export { fashionMnist, mnist, FASHION_MNIST, MNIST, FASHION_MNIST_CLASSES, MNIST_CLASSES } from './mnist.js';
export { circle, xor, gauss, spiral, multiSpiral, plane, multiGaussian } from './playground.js';
export { syntheticLinear } from './linear.js';
export {
  syntheticDatasets, syntheticDatasetNames, isSyntheticDataset, drawSyntheticDataset,
  type SyntheticDataset, type SyntheticDatasetName, type DrawOptions, type Task,
} from './registry.js';
export { parseCsv, type CsvOptions, type CsvData } from './csv.js';
export { loadCsv } from './csv-file.js';
export { detectDelimiter, parseCsvRecords, type CsvRecord } from './csv-records.js';
export { DatasetError, IdxError, CsvError } from './errors.js';
