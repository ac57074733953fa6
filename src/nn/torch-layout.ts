/**
 * Converting state dicts between our weight layout and PyTorch's, for import and export
 * (safetensors, ONNX, torch.load'ed checkpoints). Our Linear weight is in × out (H = X·W + b);
 * PyTorch's is out × in (y = x·Wᵀ + b). Biases, PReLU weights and every other parameter are
 * stored alike. The names are the same: a PyTorch nn.Sequential(Linear, ReLU, Linear) and our
 * mlp([…]) both say '0.weight', '0.bias', '2.weight', '2.bias'.
 */
import { ShapeError } from '../errors.js';
import { noGrad } from '../autograd/tape.js';
import type { Tensor } from '../tensor/tensor.js';
import { Linear } from './linear.js';
import type { AnyModule, StateDict } from './module.js';

/** The names of the Linear weights in `module`, with their layers. */
function linearWeights(module: AnyModule): Map<string, Linear> {
  return new Map(
    module
      .namedModules()
      .filter((entry): entry is [string, Linear] => entry[1] instanceof Linear)
      .map(([path, linear]) => [path ? `${path}.weight` : 'weight', linear]),
  );
}

/** module's state dict in PyTorch's layout: every Linear weight transposed to out × in (a copy). */
export function toTorchLayout(module: AnyModule): Map<string, Tensor> {
  const linear = linearWeights(module);
  return new Map(
    [...module.stateDict()].map(([name, value]) => [name, linear.has(name) ? value.T : value]),
  );
}

/**
 * A PyTorch-layout state dict turned into ours for module.loadStateDict: the weight of each Linear
 * of `module` is checked to be out × in and transposed. Other entries pass through unchanged
 * (loadStateDict then reports unknown or missing names and wrong shapes).
 */
export function fromTorchLayout(module: AnyModule, torchState: StateDict): Map<string, Tensor> {
  const linear = linearWeights(module);
  const entries: [string, Tensor][] = torchState instanceof Map ? [...torchState] : Object.entries(torchState);
  return new Map(
    entries.map(([name, value]): [string, Tensor] => {
      const layer = linear.get(name);
      if (!layer) return [name, value];
      const expected = [layer.outFeatures, layer.inFeatures];
      if (value.ndim !== 2 || value.shape[0] !== expected[0] || value.shape[1] !== expected[1]) {
        throw new ShapeError('fromTorchLayout', [expected, value.shape], `PyTorch's '${name}' must be out × in`);
      }
      return [name, noGrad(() => value.T)];
    }),
  );
}
