/**
 * The PyTorch code that builds a module like ours, so that a state dict written by save() (or
 * `perceptron export --format torch`) loads into it with load_state_dict as it is: the same
 * classes, in the same order, so the same names ('0.weight', '3.bias', …).
 */
import { ArgumentError } from '../errors.js';
import { Activation, PReLU } from '../nn/activation.js';
import { Dropout } from '../nn/dropout.js';
import { Flatten } from '../nn/flatten.js';
import { Linear } from '../nn/linear.js';
import type { AnyModule } from '../nn/module.js';
import { Sequential } from '../nn/sequential.js';

/** A JavaScript value as a Python literal. */
function python(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? "float('inf')" : value < 0 ? "float('-inf')" : "float('nan')";
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  throw new ArgumentError(`torchModuleCode: no Python literal for ${JSON.stringify(value)}`);
}

/** camelCase → snake_case: PyTorch's argument names (negativeSlope → negative_slope). */
const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** One layer as a `torch.nn` constructor call. */
function layerCode(module: AnyModule): string {
  if (module instanceof Linear) return `torch.nn.Linear(${module.inFeatures}, ${module.outFeatures}${module.bias ? '' : ', bias=False'})`;
  if (module instanceof Activation) {
    const args = Object.entries(module.params).map(([key, value]) => `${snakeCase(key)}=${python(value)}`);
    return `torch.nn.${module.typeName}(${args.join(', ')})`;
  }
  if (module instanceof PReLU) return `torch.nn.PReLU(num_parameters=${module.weight.size})`;
  if (module instanceof Dropout) return `torch.nn.Dropout(p=${python(module.p)})`;
  if (module instanceof Flatten) return `torch.nn.Flatten(start_dim=${module.startDim}, end_dim=${module.endDim})`;
  throw new ArgumentError(`torchModuleCode: no torch.nn equivalent is known for ${module.typeName}`);
}

/**
 * `torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))`
 * for mlp([784, 256, 10]): a Python expression that builds the same network in PyTorch. Works on a
 * Sequential of Linear, activation, PReLU, Dropout and Flatten modules (what mlp() builds).
 */
export function torchModuleCode(module: AnyModule): string {
  if (!(module instanceof Sequential)) return layerCode(module);
  return `torch.nn.Sequential(${module.children().map(layerCode).join(', ')})`;
}

/** A file path as a Python string literal. */
export const pythonString = (text: string): string => python(text);

/**
 * The three lines of PyTorch that build `module` and load the weights file at `path` into it
 * (safetensors' Python package: `pip install safetensors`).
 */
export function torchLoadingCode(module: AnyModule, path: string): string[] {
  return [
    'import torch; from safetensors.torch import load_file',
    `model = ${torchModuleCode(module)}`,
    `model.load_state_dict(load_file(${pythonString(path)}))`,
  ];
}
