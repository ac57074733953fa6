/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017: 70 000 28×28 grayscale images of clothes in 10
 * classes) and MNIST (LeCun et al., 1998: handwritten digits), in the same four-file IDX layout.
 *
 * Checksums: the MD5 of each official .gz as published in Zalando Research's fashion-mnist README
 * and used by torchvision's FashionMNIST and MNIST resources. Debian's dataset-fashion-mnist
 * recompresses the files (its .gz digests differ; the IDX contents inside are the official ones),
 * which is why the digests are only checked on download.
 */
import { loadImageDataset, type ImageClassificationData, type ImageDatasetOptions, type ImageDatasetSpec } from './image-dataset.js';

/** D2L's get_fashion_mnist_labels text_labels, in label order 0…9. */
export const FASHION_MNIST_CLASSES: readonly string[] = Object.freeze([
  't-shirt', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'ankle boot',
]);

/** MNIST's class names: the digits '0' to '9'. */
export const MNIST_CLASSES: readonly string[] = Object.freeze(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

/** Fashion-MNIST (Xiao et al. 2017): its IDX files with their digests, mirrors and the ten class names. */
export const FASHION_MNIST: ImageDatasetSpec = Object.freeze({
  title: 'Fashion-MNIST',
  folder: 'fashion-mnist',
  // The official repository's copies, then the bucket its README links to.
  mirrors: [
    'https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/',
    'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
  ],
  files: {
    trainImages: { name: 'train-images-idx3-ubyte', md5: '8d4fb7e6c68d591d4c3dfef9ec88bf0d' },
    trainLabels: { name: 'train-labels-idx1-ubyte', md5: '25c81989df183df01b3e8a0aad5dffbe' },
    testImages: { name: 't10k-images-idx3-ubyte', md5: 'bef4ecab320f06d8554ea6380940ec79' },
    testLabels: { name: 't10k-labels-idx1-ubyte', md5: 'bb300cfdad3c16e7a12a480ee83cd310' },
  },
  classNames: FASHION_MNIST_CLASSES,
  debianPackage: 'dataset-fashion-mnist',
});

/** MNIST (LeCun et al. 1998): its IDX files with their digests, mirrors and class names. */
export const MNIST: ImageDatasetSpec = Object.freeze({
  title: 'MNIST',
  folder: 'mnist',
  // yann.lecun.com no longer serves the files reliably; these mirrors hold the same bytes.
  mirrors: ['https://ossci-datasets.s3.amazonaws.com/mnist/', 'https://storage.googleapis.com/cvdf-datasets/mnist/'],
  files: {
    trainImages: { name: 'train-images-idx3-ubyte', md5: 'f68b3c2dcbeaaa9fbdd348bbdeb94873' },
    trainLabels: { name: 'train-labels-idx1-ubyte', md5: 'd53e105ee54ea40749a09fcbcd1e9432' },
    testImages: { name: 't10k-images-idx3-ubyte', md5: '9fb629c4189551a2d022fa330f9573f3' },
    testLabels: { name: 't10k-labels-idx1-ubyte', md5: 'ec29112dd5afa0611ce80d1b7f02629c' },
  },
  classNames: MNIST_CLASSES,
});

/**
 * Fashion-MNIST: train (60 000) and test (10 000) images as (N, 28, 28) float32 in [0, 1], labels
 * as (N) int32. Flatten for an MLP with `images.reshape(-1, 784)`. Where it looks and how it
 * downloads: see loadImageDataset.
 */
export function fashionMnist(options?: ImageDatasetOptions): Promise<ImageClassificationData> {
  return loadImageDataset(FASHION_MNIST, options);
}

/** MNIST digits, in the same form as fashionMnist. */
export function mnist(options?: ImageDatasetOptions): Promise<ImageClassificationData> {
  return loadImageDataset(MNIST, options);
}
