/**
 * Loading an image-classification set stored as four IDX files (MNIST's layout): where to look,
 * downloading into the cache when allowed, and turning the files into tensors. Fashion-MNIST and
 * MNIST (mnist.ts) are two specs for this one loader.
 *
 * Search order: the `path` option, $PERCEPTRON_DATA, Debian's /usr/share/datasets, the
 * cache ($XDG_CACHE_HOME/perceptron or ~/.cache/perceptron); in each folder `<dir>/<folder>` is
 * tried before `<dir>` itself, and `name.gz` before the un-gzipped `name` (and MNIST's
 * `train-images.idx3-ubyte` spelling). The first folder holding any of the four files must hold
 * all four; with none anywhere, they are downloaded into the cache.
 */
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Tensor } from '../tensor/tensor.js';
import { downloadVerified, fetchBytes, type Checksums, type FetchBytes } from './download.js';
import { DatasetError } from './errors.js';
import { readIdx, type IdxData } from './idx.js';

/** The four IDX files of an image data set. */
export type IdxFileRole = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';
const ROLES: readonly IdxFileRole[] = ['trainImages', 'trainLabels', 'testImages', 'testLabels'];

/** One file: its name without `.gz`, and the digests of the official `.gz`, checked on download. */
export interface IdxFileSpec extends Checksums {
  /** The file name as the mirrors serve it, without `.gz`: 'train-images-idx3-ubyte'. */
  name: string;
}

/** An image data set in IDX files ((Fashion-)MNIST): its name, folder, files with their digests, mirrors and class names. */
export interface ImageDatasetSpec {
  /** For messages: 'Fashion-MNIST'. */
  title: string;
  /** The folder name under each search root and under the cache: 'fashion-mnist'. */
  folder: string;
  /** Base URLs (ending in '/') that serve `<name>.gz`, tried in order. */
  mirrors: readonly string[];
  /** The four IDX files (training and test images and labels), with their digests. */
  files: Readonly<Record<IdxFileRole, IdxFileSpec>>;
  /** Class names in label order: classNames[k] names label k. */
  classNames: readonly string[];
  /** The Debian package that installs the files into /usr/share/datasets/<folder>, if one exists. */
  debianPackage?: string;
}

/** Where to look for an image data set, and whether to download it. */
export interface ImageDatasetOptions {
  /** A folder holding the files (directly or in a subfolder named like the data set); searched first. */
  path?: string;
  /** Fetch missing files into the cache (true by default). */
  download?: boolean;
  /** How to fetch a URL's bytes; the platform's fetch by default. */
  fetch?: FetchBytes;
  /** The cache root instead of $XDG_CACHE_HOME/perceptron or ~/.cache/perceptron. */
  cacheDir?: string;
}

/** One split of an image data set: images and labels. */
export interface ImageSplit {
  /** (N, rows, cols) float32, pixel values scaled from 0…255 to [0, 1]. */
  images: Tensor;
  /** (N) int32 class indices into classNames. */
  labels: Tensor;
}

/** An image data set as fashionMnist() and mnist() load it: train and test splits and the class names. */
export interface ImageClassificationData {
  /** The training split (60,000 images for (Fashion-)MNIST). */
  train: ImageSplit;
  /** The test split (10,000 images for (Fashion-)MNIST). */
  test: ImageSplit;
  /** Class names in label order: classNames[k] names label k. */
  classNames: readonly string[];
  /** The file each part was read from. */
  files: Record<IdxFileRole, string>;
}

/** A folder to look in and why; a place without a folder is a note for the error ($PERCEPTRON_DATA unset). */
interface Place {
  dir?: string;
  why: string;
}

/** $XDG_CACHE_HOME/perceptron, or ~/.cache/perceptron (the XDG base-directory default). */
export function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'perceptron');
}

function searchPlaces(spec: ImageDatasetSpec, options: ImageDatasetOptions): Place[] {
  const places: Place[] = [];
  const root = (dir: string, why: string) => places.push({ dir: join(dir, spec.folder), why }, { dir, why });
  if (options.path) root(options.path, 'the path option');
  const env = process.env.PERCEPTRON_DATA;
  if (env) root(env, '$PERCEPTRON_DATA');
  else places.push({ why: '$PERCEPTRON_DATA is not set' });
  const debian = spec.debianPackage ? `Debian's ${spec.debianPackage}` : "Debian's datasets folder";
  places.push({ dir: join('/usr/share/datasets', spec.folder), why: debian });
  places.push({ dir: cacheFolder(spec, options), why: 'the download cache' });
  return places;
}

const cacheFolder = (spec: ImageDatasetSpec, options: ImageDatasetOptions): string =>
  join(options.cacheDir ?? defaultCacheDir(), spec.folder);

/** name.gz, name, and the dotted spelling some copies of MNIST use (train-images.idx3-ubyte). */
function candidateNames(name: string): string[] {
  const dotted = name.replace('-idx', '.idx');
  return [`${name}.gz`, name, ...(dotted === name ? [] : [dotted])];
}

function findFile(name: string, dir: string): string | undefined {
  for (const candidate of candidateNames(name)) {
    const path = join(dir, candidate);
    if (existsSync(path) && statSync(path).isFile()) return path;
  }
  return undefined;
}

function howToGet(spec: ImageDatasetSpec): string {
  const ways = [
    ...(spec.debianPackage ? [`install Debian's package (apt-get install ${spec.debianPackage})`] : []),
    `set PERCEPTRON_DATA to a folder holding the files (directly or in ${spec.folder}/)`,
    `or let it download (download: true, the default) from ${spec.mirrors[0]}`,
  ];
  return `To get them: ${ways.join('; ')}.`;
}

function lookedIn(places: readonly Place[]): string {
  return ['Looked in:', ...places.map((p) => (p.dir === undefined ? `  - ${p.why}` : `  - ${p.dir} (${p.why})`))].join('\n');
}

/** Finds (or downloads) the four files and reads them as float32 images and int32 labels. */
export async function loadImageDataset(spec: ImageDatasetSpec, options: ImageDatasetOptions = {}): Promise<ImageClassificationData> {
  const places = searchPlaces(spec, options);
  const cache = cacheFolder(spec, options);
  const found = new Map<IdxFileRole, string>();
  // One copy, never a mix: the first place holding any of the four files must hold them all (two
  // copies may differ: another version, another data set of the same layout). Only the download
  // cache is topped up, from the mirrors, each file checked against its published digest.
  for (const { dir, why } of places) {
    if (dir === undefined) continue;
    for (const role of ROLES) {
      const path = findFile(spec.files[role].name, dir);
      if (path) found.set(role, path);
    }
    if (found.size === 0) continue;
    if (found.size < ROLES.length && dir !== cache) {
      const have = ROLES.filter((role) => found.has(role)).map((role) => spec.files[role].name).join(', ');
      const lack = ROLES.filter((role) => !found.has(role)).map((role) => `${spec.files[role].name}(.gz)`).join(', ');
      throw new DatasetError(`${spec.title}: ${dir} (${why}) holds ${have} but not ${lack}; put all four files from one copy there, or remove these. ${howToGet(spec)}`);
    }
    break;
  }
  const missing = ROLES.filter((role) => !found.has(role));
  if (missing.length > 0) {
    const names = missing.map((role) => `${spec.files[role].name}(.gz)`).join(', ');
    if (options.download === false) {
      throw new DatasetError(
        `${spec.title}: cannot find ${names}. ${lookedIn(places)}\nDownloading is off (download: false). ${howToGet(spec)}`,
      );
    }
    for (const role of missing) {
      const file = spec.files[role];
      const destination = join(cacheFolder(spec, options), `${file.name}.gz`);
      const urls = spec.mirrors.map((mirror) => `${mirror}${file.name}.gz`);
      try {
        await downloadVerified(urls, destination, file, options.fetch ?? fetchBytes);
      } catch (error) {
        throw new DatasetError(
          `${spec.title}: cannot find ${file.name}(.gz) and downloading it failed: ${(error as Error).message}\n` +
            `${lookedIn(places)}\n${howToGet(spec)}`,
        );
      }
      found.set(role, destination);
    }
  }
  const files = Object.fromEntries(found) as Record<IdxFileRole, string>;
  const read = (role: IdxFileRole): IdxData => {
    try {
      return readIdx(files[role]);
    } catch (error) {
      throw new DatasetError(`${spec.title}: ${(error as Error).message}\nReplace or delete this copy. ${howToGet(spec)}`);
    }
  };
  const split = (images: IdxFileRole, labels: IdxFileRole): ImageSplit =>
    toSplit(spec, read(images), files[images], read(labels), files[labels]);
  return { train: split('trainImages', 'trainLabels'), test: split('testImages', 'testLabels'), classNames: spec.classNames, files };
}

/** Pixel byte → [0, 1], as torchvision's ToTensor and D2L's loaders scale it. */
const PIXEL_SCALE = Float32Array.from({ length: 256 }, (_, v) => v / 255);

function toSplit(spec: ImageDatasetSpec, images: IdxData, imagesPath: string, labels: IdxData, labelsPath: string): ImageSplit {
  const fail = (path: string, detail: string) => new DatasetError(`${spec.title}: ${path}: ${detail}`);
  if (images.type !== 'ubyte' || images.shape.length !== 3) {
    throw fail(imagesPath, `expected images as ubyte (N, rows, cols), got ${images.type} [${images.shape.join(', ')}]`);
  }
  if (labels.type !== 'ubyte' || labels.shape.length !== 1) {
    throw fail(labelsPath, `expected labels as ubyte (N), got ${labels.type} [${labels.shape.join(', ')}]`);
  }
  if (labels.shape[0] !== images.shape[0]) {
    throw fail(labelsPath, `holds ${labels.shape[0]} labels but ${imagesPath} holds ${images.shape[0]} images`);
  }
  // In the backend's memory (wasm: inside the module's memory), so batches are gathered by a kernel.
  const imageTensor = Tensor.empty(images.shape, 'float32');
  const pixels = imageTensor.data;
  for (let i = 0; i < pixels.length; i++) pixels[i] = PIXEL_SCALE[images.data[i]];
  const labelTensor = Tensor.empty([labels.data.length], 'int32');
  const classes = labelTensor.data;
  for (let i = 0; i < classes.length; i++) {
    if (labels.data[i] >= spec.classNames.length) {
      throw fail(labelsPath, `label ${labels.data[i]} at index ${i} is not one of the ${spec.classNames.length} classes`);
    }
    classes[i] = labels.data[i];
  }
  return { images: imageTensor, labels: labelTensor };
}
