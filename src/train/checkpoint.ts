/**
 * Checkpoints: one safetensors file holding the model's weights (named as in stateDict(), in
 * PyTorch's layout, Linear weights out × in, with `format: pt, layout: torch, kind: checkpoint` in
 * its metadata: src/io/weight-layout.ts), the optimizer's buffers as tensors named
 * "optimizer/<param>/<key>" with their parameter's shape and layout, and, in the `perceptron`
 * metadata, what is needed to rebuild the model and resume the run exactly: the model
 * configuration, the epoch, the history, the optimizer's hyper-parameters and the random
 * generator's state. Checkpoints written before layouts were stated (no `layout` key) are in × out
 * and still load. Writes are atomic: a crash mid-save leaves the previous checkpoint as it was.
 */
import { readFile } from 'node:fs/promises';
import * as z from 'zod/mini';
import type { $ZodIssue } from 'zod/v4/core';
import { PerceptronError } from '../errors.js';
import { writeFileAtomically } from '../io/atomic-file.js';
import { decodeSafetensors, encodeSafetensors } from '../io/safetensors.js';
import { OPTIMIZER_PREFIX } from '../io/state-dict-file.js';
import { convertLayout, layoutMetadata, layoutOf, WRITTEN_LAYOUT } from '../io/weight-layout.js';
import type { OptimizerStateDict } from '../optim/optimizer.js';
import { Tensor } from '../tensor/tensor.js';
import type { History } from './fit.js';

/** What a checkpoint holds: weights, the config that rebuilds the model, the epoch, and what resuming needs. */
export interface Checkpoint {
  /** Weights by name, as Module.stateDict() gives them. */
  weights: Map<string, Tensor>;
  /** How to rebuild the model and the recipe that trained it (JSON). */
  config: Record<string, unknown>;
  /** Epochs completed. */
  epoch: number;
  /** The per-epoch records of the run so far. */
  history?: History;
  /** optim.Optimizer.stateDict(), as loadStateDict() takes it back. */
  optimizer?: OptimizerStateDict;
  /** Generator.getState() of the generator that shuffles and drops out. */
  generatorState?: number[];
}

export class CheckpointError extends PerceptronError {}

const FORMAT = 'perceptron-checkpoint-1';

/** A checkpoint as safetensors bytes, in PyTorch's layout (see the file comment). */
export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  const tensors = new Map(checkpoint.weights);
  // Parameters are numbered in the order of the weights (the optimizer was built on parameters()).
  const parameters = [...checkpoint.weights.values()];
  let optimizer: unknown;
  if (checkpoint.optimizer) {
    const scalars: Record<string, Record<string, number>> = {};
    for (const [param, values] of Object.entries(checkpoint.optimizer.state)) {
      for (const [key, value] of Object.entries(values)) {
        if (typeof value === 'number') (scalars[param] ??= {})[key] = value;
        else {
          // A buffer takes its parameter's shape, so that it is transposed with it (a moment of a Linear weight is out × in too).
          const owner = parameters[Number(param)];
          tensors.set(`${OPTIMIZER_PREFIX}${param}/${key}`, new Tensor(value, owner?.size === value.length ? owner.shape : [value.length]));
        }
      }
    }
    optimizer = { optimizer: checkpoint.optimizer.optimizer, paramGroups: checkpoint.optimizer.paramGroups, scalars };
  }
  const meta = {
    format: FORMAT,
    config: checkpoint.config,
    epoch: checkpoint.epoch,
    history: checkpoint.history,
    optimizer,
    generatorState: checkpoint.generatorState,
  };
  // NaN does not survive JSON; the generator marks "no spare normal" with it.
  const perceptron = JSON.stringify(meta, (_k, v) => (Number.isNaN(v) ? 'NaN' : v));
  return encodeSafetensors(convertLayout(tensors, 'in-out', WRITTEN_LAYOUT), { ...layoutMetadata('checkpoint'), perceptron });
}

/** A number, or what encodeCheckpoint writes for a non-finite one ('NaN'; JSON's null for ±Infinity), read back as NaN. */
const NUMBER = z.pipe(
  z.union([z.number(), z.literal('NaN'), z.null()], { error: 'expected a number' }),
  z.transform((v: number | 'NaN' | null) => (typeof v === 'number' ? v : NaN)),
);
const COUNT = z.int({ error: 'expected a non-negative integer' }).check(z.nonnegative({ error: 'expected a non-negative integer' }));

/**
 * The perceptron metadata, as encodeCheckpoint writes it. zod's mini build: the schema library
 * is part of the browser bundle (the playground), where the full build would add ~700 KB.
 */
const METADATA = z.object({
  format: z.literal(FORMAT),
  config: z.record(z.string(), z.unknown(), { error: 'expected an object' }),
  epoch: COUNT,
  history: z.optional(z.object({
    epochs: z.array(z.object({
      epoch: COUNT, trainLoss: NUMBER, trainAccuracy: z.optional(NUMBER), testLoss: z.optional(NUMBER), testAccuracy: z.optional(NUMBER),
      samplesPerSecond: NUMBER, seconds: NUMBER, lr: z.optional(NUMBER),
    })),
  })),
  optimizer: z.optional(z.object({
    optimizer: z.string(),
    paramGroups: z.array(z.looseObject({ params: z.array(COUNT) })),
    scalars: z.record(z.string().check(z.regex(/^\d+$/, { error: 'expected a parameter index' })), z.record(z.string(), NUMBER)),
  })),
  generatorState: z.optional(z.array(NUMBER)),
});

/** "field 'history.epochs.1.trainLoss': expected number, got \"low\"": where, what was expected, what came. */
function describeIssue(issue: $ZodIssue, value: unknown): string {
  let got: unknown = value;
  for (const key of issue.path) got = got !== null && typeof got === 'object' ? (got as Record<PropertyKey, unknown>)[key] : undefined;
  const where = issue.path.length === 0 ? 'the perceptron metadata' : `checkpoint metadata field '${issue.path.map(String).join('.')}'`;
  // The mini build has no messages of its own ('Invalid input'): say what was expected from the issue.
  const expected = issue.message !== 'Invalid input' ? issue.message
    : issue.code === 'invalid_type' ? `expected ${issue.expected}`
    : issue.code === 'invalid_value' ? `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`
    : 'not valid here';
  return `${where}: ${expected}, got ${JSON.stringify(got)?.slice(0, 80) ?? 'nothing'}`;
}

/** A checkpoint from safetensors bytes, in memory layout whatever the layout of the file; `source` names it in errors. */
export function decodeCheckpoint(bytes: Uint8Array, source: string): Checkpoint {
  const { tensors: stored, metadata } = decodeSafetensors(bytes, source);
  if (!metadata.perceptron) {
    throw new CheckpointError(
      `${source}: a weights-only safetensors file without perceptron metadata, not a checkpoint to resume; ` +
        'load its weights with load(path) and model.loadStateDict, or evaluate it with perceptron eval/predict',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(metadata.perceptron);
  } catch {
    throw new CheckpointError(`${source}: the perceptron metadata is not valid JSON`);
  }
  const format = (parsed as { format?: unknown } | null)?.format;
  if (parsed !== null && typeof parsed === 'object' && format !== FORMAT) {
    throw new CheckpointError(`${source}: unknown checkpoint format ${JSON.stringify(format)} (expected ${FORMAT})`);
  }
  const checked = METADATA.safeParse(parsed);
  if (!checked.success) throw new CheckpointError(`${source}: ${describeIssue(checked.error.issues[0], parsed)}`);
  const meta = checked.data;
  const tensors = convertLayout(stored, layoutOf(metadata, source), 'in-out');
  const weights = new Map<string, Tensor>();
  const state: OptimizerStateDict['state'] = {};
  for (const [name, tensor] of tensors) {
    // Parameters and optimizer buffers are floating point; values of another type are refused,
    // not converted (an I32 tensor would otherwise be read into a float32 parameter by value).
    if (tensor.dtype === 'int32') throw new CheckpointError(`${source}: tensor '${name}' is I32; a checkpoint holds F32 or F64 weights and buffers`);
    if (!name.startsWith(OPTIMIZER_PREFIX)) {
      weights.set(name, tensor);
      continue;
    }
    const buffer = /^(\d+)\/([^/]+)$/.exec(name.slice(OPTIMIZER_PREFIX.length));
    if (!buffer) throw new CheckpointError(`${source}: tensor '${name}' is not an optimizer buffer '${OPTIMIZER_PREFIX}<parameter index>/<key>'`);
    const [, param, key] = buffer;
    (state[Number(param)] ??= {})[key] = tensor.data as Float32Array | Float64Array;
  }
  if (meta.optimizer) {
    for (const [param, scalars] of Object.entries(meta.optimizer.scalars)) Object.assign((state[Number(param)] ??= {}), scalars);
  }
  return {
    weights,
    config: meta.config,
    epoch: meta.epoch,
    history: meta.history,
    optimizer: meta.optimizer && { optimizer: meta.optimizer.optimizer, paramGroups: meta.optimizer.paramGroups as OptimizerStateDict['paramGroups'], state },
    generatorState: meta.generatorState,
  };
}

/** Saves atomically (temporary file, flush, rename). */
export async function saveCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  await writeFileAtomically(path, encodeCheckpoint(checkpoint));
}

/** The checkpoint at `path`; errors name the file. */
export async function loadCheckpoint(path: string): Promise<Checkpoint> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    throw new CheckpointError(`${path}: cannot read the checkpoint (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return decodeCheckpoint(bytes, path);
}
