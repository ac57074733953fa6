/**
 * mlp(): the chapter's multilayer perceptron for any depth and widths, as a Sequential:
 * Linear → activation [→ Dropout] → … → Linear, with no activation after the last layer (the loss
 * takes the logits). mlp([784, 256, 10]) is the chapter's network:
 * ```
 * Sequential(
 *   (0): Linear(inFeatures=784, outFeatures=256, bias=true)
 *   (1): ReLU()
 *   (2): Linear(inFeatures=256, outFeatures=10, bias=true)
 * )
 * ```
 * with 784·256 + 256 + 256·10 + 10 = 203,530 parameters.
 */
import { getActivation, resolveParams, type ActivationParams } from '../activation/table.js';
import { ArgumentError } from '../errors.js';
import type { Generator } from '../tensor/random.js';
import { activationModule } from './activation.js';
import { Dropout } from './dropout.js';
import type { Initializer } from './init.js';
import { Linear } from './linear.js';
import { Sequential } from './sequential.js';

/** Options of mlp(): the activation and its options, dropout, init, bias, dtype and generator. */
export interface MlpOptions {
  /** Table name of the activation between layers ('relu'). */
  activation?: string;
  /** Its options, PyTorch's names in camelCase ({ negativeSlope: 0.2 }). */
  activationParams?: ActivationParams;
  /**
   * Dropout probability after each hidden activation: one number for all hidden layers, or one
   * per hidden layer (the book's dropout1 = 0.2, dropout2 = 0.5). 0 adds no Dropout module.
   */
  dropout?: number | readonly number[];
  /** Initialisation of every Linear (PyTorch's default; 'normal:0.01' is the book's). */
  init?: Initializer | string;
  /** Whether the Linear layers have biases (true). */
  bias?: boolean;
  /** The parameters' dtype ('float32' by default). */
  dtype?: 'float32' | 'float64';
  /** The source of the initial weights and of Dropout's masks; defaultGenerator when left out. */
  generator?: Generator;
}

/** A Sequential MLP with layer widths `sizes` = [inputs, hidden…, outputs]. */
export function mlp(sizes: readonly number[], options: MlpOptions = {}): Sequential {
  if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new ArgumentError(`mlp: sizes must be at least two positive integers [inputs, …, outputs], got [${sizes.join(', ')}]`);
  }
  const activation = options.activation ?? 'relu';
  // Checked even when there is no hidden layer to use it, so a typo never passes silently.
  resolveParams(getActivation(activation), options.activationParams);
  const hiddenLayers = sizes.length - 2;
  const dropouts = typeof options.dropout === 'object' ? [...options.dropout] : new Array<number>(hiddenLayers).fill(options.dropout ?? 0);
  if (dropouts.length !== hiddenLayers) {
    throw new ArgumentError(`mlp: dropout lists ${dropouts.length} probabilities for ${hiddenLayers} hidden layer(s)`);
  }
  const net = new Sequential();
  for (let i = 0; i + 1 < sizes.length; i++) {
    net.append(new Linear(sizes[i], sizes[i + 1], { bias: options.bias, init: options.init, dtype: options.dtype, generator: options.generator }));
    if (i === hiddenLayers) break;
    net.append(activationModule(activation, options.activationParams, { dtype: options.dtype }));
    if (dropouts[i] !== 0) net.append(new Dropout(dropouts[i], { generator: options.generator }));
  }
  return net;
}
