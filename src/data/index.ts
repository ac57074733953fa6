/**
 * The data layer: data sets and batching (Dataset, TensorDataset, DataLoader), the IDX reader and
 * the Fashion-MNIST / MNIST loaders, TensorFlow Playground's synthetic sets, D2L's synthetic linear
 * data, train/test splits and CSV tables. What runs in a browser is in browser.ts; the rest here
 * reads files and downloads (Node).
 */
export * from './browser.js';
export { parseIdx, readIdx, type IdxData, type IdxType, type IdxValues } from './idx.js';
export { downloadVerified, verifyChecksums, fetchBytes, type FetchBytes, type Checksums } from './download.js';
export {
  loadImageDataset, defaultCacheDir,
  type ImageDatasetSpec, type ImageDatasetOptions, type ImageClassificationData, type ImageSplit, type IdxFileSpec, type IdxFileRole,
} from './image-dataset.js';
export { fashionMnist, mnist, FASHION_MNIST, MNIST, FASHION_MNIST_CLASSES, MNIST_CLASSES } from './mnist.js';
export { loadCsv } from './csv-file.js';
