/**
 * A trained model from any safetensors file: a checkpoint of `perceptron train` (its recipe rebuilds
 * the model), or a weights-only file — written by `perceptron export --format torch`, by save(), or
 * by PyTorch — whose MLP is read from its tensors' names and shapes (nn.Sequential's: Linear '0',
 * activation '1', [Dropout,] Linear '2' or '3', …), or given by the caller. The layout comes from the
 * file's metadata (src/io/weight-layout.ts); shapes only say the widths.
 */
import { readFile } from 'node:fs/promises';
import { ArgumentError, PerceptronError } from '../errors.js';
import { decodeStateDict, type DecodedStateDict } from '../io/state-dict-file.js';
import type { WeightLayout } from '../io/weight-layout.js';
import type { Module } from '../nn/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { CheckpointError, decodeCheckpoint, type Checkpoint } from './checkpoint.js';
import { buildModel, DEFAULT_RECIPE, type Recipe } from './recipe.js';

/** What a weights-only file does not say, given by the caller (the CLI's --dataset, --hidden, --activation, --layout). */
export interface ModelFileOptions {
  /** The data set the model was trained on ('fashion-mnist' by default, for a file that does not say). */
  dataset?: string;
  /** Hidden widths; checked against the file's shapes. Inferred from them by default. */
  hidden?: number[];
  /** The activation between layers ('relu' by default: a file holds no activation). */
  activation?: string;
  /** The layout of a file whose metadata does not state one ('torch' by default). */
  layout?: WeightLayout;
}

/** A model read from a file, with the recipe that rebuilds it. */
export interface ModelFile {
  /** The rebuilt model, its weights loaded. */
  model: Module;
  /** The recipe that rebuilds it: the checkpoint's, the export's, or one made of the caller's options and the file's shapes. */
  recipe: Recipe;
  /** The widths of the network, inputs first. */
  widths: number[];
  /** The checkpoint, when the file is one (epochs, history); absent for a weights-only file. */
  checkpoint?: Checkpoint;
  /** The file's state dict, in memory layout, as it was loaded into the model. */
  weights: DecodedStateDict;
}

/** Recipe flags that only a weights-only file takes (a checkpoint holds its recipe). */
const WEIGHTS_ONLY_OPTIONS = ['dataset', 'hidden', 'activation', 'layout'] as const;

/** What inferMlp reads from a state dict. */
export interface InferredMlp {
  /** Layer widths, inputs first, outputs last. */
  widths: number[];
  /** Whether Dropout modules sit between the layers (their indices are 3 apart). */
  dropout: boolean;
}

/**
 * The widths of the MLP whose Linear weights are `state`'s 2-D tensors named '<index>.weight' (in
 * memory layout, in × out), and whether Dropout modules sit between them (indices 3 apart).
 */
export function inferMlp(state: ReadonlyMap<string, Tensor>, source: string, layout: WeightLayout): InferredMlp {
  const layers = [...state]
    .map(([name, tensor]) => ({ index: Number(/^(\d+)\.weight$/.exec(name)?.[1] ?? NaN), name, tensor }))
    .filter((layer) => Number.isInteger(layer.index) && layer.tensor.ndim === 2)
    .sort((a, b) => a.index - b.index);
  if (layers.length === 0) {
    throw new ArgumentError(`${source}: no Linear weights named as nn.Sequential's ('0.weight', '2.weight', …) among ${[...state.keys()].map((n) => `'${n}'`).join(', ') || 'no tensors'}`);
  }
  const step = layers.length > 1 ? layers[1].index - layers[0].index : 2;
  if (layers[0].index !== 0 || (step !== 2 && step !== 3) || layers.some((layer, i) => layer.index !== i * step)) {
    throw new ArgumentError(
      `${source}: Linear weights ${layers.map((l) => `'${l.name}'`).join(', ')} are not named as in nn.Sequential(Linear, activation, [Dropout,] Linear, …) ` +
        "('0.weight', '2.weight', … or with Dropout '0.weight', '3.weight', …)",
    );
  }
  const widths = [layers[0].tensor.shape[0]];
  for (const [i, { name, tensor }] of layers.entries()) {
    const [inputs, outputs] = tensor.shape;
    if (inputs !== widths[i]) {
      const stored = layout === 'torch' ? `${outputs} × ${inputs}` : `${inputs} × ${outputs}`;
      throw new ArgumentError(
        `${source}: '${name}' (stored ${stored}) takes ${inputs} inputs but the layer before gives ${widths[i]}: the weights do not chain ` +
          `as ${layout === 'torch' ? "PyTorch's out × in" : 'in × out'}; if the file holds them the other way round, say so (--layout ${layout === 'torch' ? 'in-out' : 'torch'})`);
    }
    widths.push(outputs);
  }
  return { widths, dropout: step === 3 };
}

/** The recipe and widths of a weights-only file: its own (export writes one in the metadata), the caller's, or inferred. */
function weightsOnlyRecipe(file: DecodedStateDict, source: string, options: ModelFileOptions): { recipe: Recipe; widths: number[] } {
  const { widths, dropout } = inferMlp(file.state, source, file.layout);
  let stored: Partial<Recipe> = {};
  if (file.metadata.recipe !== undefined) {
    try {
      stored = JSON.parse(file.metadata.recipe) as Partial<Recipe>;
    } catch {
      throw new CheckpointError(`${source}: the 'recipe' metadata is not valid JSON`);
    }
  }
  const recipe: Recipe = {
    ...DEFAULT_RECIPE, ...stored,
    dataset: options.dataset ?? stored.dataset ?? 'fashion-mnist',
    // A CSV's fingerprint belongs to the file it was trained on, not to another one named now.
    datasetSha256: options.dataset === undefined || options.dataset === stored.dataset ? stored.datasetSha256 : undefined,
    hidden: options.hidden ?? widths.slice(1, -1),
    activation: options.activation ?? stored.activation ?? 'relu',
    // Only the modules' places matter (evaluation turns dropout off): a file with Dropout gets one.
    dropout: dropout ? (stored.dropout || 0.5) : 0,
  };
  return { recipe, widths: [widths[0], ...recipe.hidden, widths.at(-1)!] };
}

/** The model in a safetensors file (a checkpoint or weights only), rebuilt and loaded; errors name the file and say how to fix. */
export async function loadModelFile(path: string, options: ModelFileOptions = {}): Promise<ModelFile> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    throw new CheckpointError(`${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const weights = decodeStateDict(bytes, path, { layout: options.layout });
  if (weights.kind === 'checkpoint') {
    const given = WEIGHTS_ONLY_OPTIONS.filter((name) => options[name] !== undefined);
    if (given.length > 0) {
      throw new ArgumentError(`${path} is a checkpoint, which holds its recipe; ${given.map((n) => `--${n}`).join(', ')} ${given.length > 1 ? 'are' : 'is'} for weights-only files only`);
    }
    const checkpoint = decodeCheckpoint(bytes, path);
    const config = checkpoint.config as { recipe?: Recipe; inputs?: number; outputs?: number };
    if (!config.recipe || !config.inputs || !config.outputs) {
      throw new CheckpointError(`${path}: the checkpoint has no recipe (was it written by perceptron train?)`);
    }
    const model = buildModel(config.recipe, config.inputs, config.outputs);
    model.loadStateDict(checkpoint.weights);
    return { model, recipe: config.recipe, widths: [config.inputs, ...config.recipe.hidden, config.outputs], checkpoint, weights };
  }
  const { recipe, widths } = weightsOnlyRecipe(weights, path, options);
  const model = buildModel(recipe, widths[0], widths.at(-1)!);
  try {
    model.loadStateDict(weights.state);
  } catch (error) {
    if (!(error instanceof PerceptronError)) throw error;
    throw new ArgumentError(
      `${path}: the weights do not fit a ${widths.join('-')} MLP (${error.message}); drop --hidden to read the widths from the file`,
    );
  }
  return { model, recipe, widths, weights };
}
