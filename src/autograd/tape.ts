/**
 * The tape: which ops get recorded, and backward(), which replays them in reverse.
 *
 * Recording rule (PyTorch's): an op is recorded when gradient mode is on and at least one input
 * requires a gradient. Gradient mode is on by default; `noGrad(fn)` turns it off and
 * `record(fn)` (the book's `autograd.record()`) turns it on for the duration of fn.
 *
 * Accumulate or overwrite: a leaf's `gradReq` decides. `attachGrad()` (MXNet) uses 'write': each
 * backward() replaces x.grad, so the book's loops need no zeroing. `requiresGrad = true` (PyTorch)
 * uses 'add': gradients accumulate into x.grad until `zeroGrad()`. A leaf that a backward() does
 * not reach keeps its old gradient in both modes.
 */
import { AutogradError, NanError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Returns the gradient of each input given the gradient of the output (null where an input needs
 * none); `needs[i]` says whether input i wants one, so rules can skip work.
 */
export type GradientRule = (outputGrad: Tensor, needs: readonly boolean[]) => readonly (Tensor | null)[];

/** One recorded op: what it consumed and how to send a gradient back through it. */
export interface GradNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  readonly rule: GradientRule;
}

let gradEnabled = true;
let anomalyDetection = false;

function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/** Runs fn without recording anything (PyTorch's `torch.no_grad()`, MXNet's `autograd.pause()`). */
export const noGrad = <T>(fn: () => T): T => withGradMode(false, fn);

/** Runs fn with recording on (MXNet's `with autograd.record():`) and returns what fn returns. */
export const record = <T>(fn: () => T): T => withGradMode(true, fn);

export const isGradEnabled = (): boolean => gradEnabled;

/**
 * Anomaly detection (PyTorch's `torch.autograd.set_detect_anomaly`): when on, an op whose finite
 * inputs give a NaN output throws a NanError naming the op, instead of letting NaN spread silently.
 * Off by default because it costs a scan of every output.
 */
export function setDetectAnomaly(enabled: boolean): void {
  anomalyDetection = enabled;
}

export const isAnomalyDetectionEnabled = (): boolean => anomalyDetection;

function hasNaN(t: Tensor): boolean {
  const data = t.data;
  for (let i = 0; i < data.length; i++) if (data[i] !== data[i]) return true;
  return false;
}

/**
 * Called by every op once its output is computed: checks for anomalies, and links the output to
 * its inputs and gradient rule when the op must be recorded.
 */
export function recordOp(op: string, inputs: readonly Tensor[], output: Tensor, rule: GradientRule): Tensor {
  if (anomalyDetection && hasNaN(output) && !inputs.some(hasNaN)) {
    throw new NanError(`${op}: produced NaN from inputs without NaN (anomaly detection is on; e.g. log or sqrt of a negative number)`);
  }
  if (gradEnabled && inputs.some((t) => t.requiresGrad)) output.setGradNode({ op, inputs, rule });
  return output;
}

/** Tensors reachable from root through recorded ops, inputs before the ops that consumed them. */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  // Iterative depth-first search: deep graphs (long training loops) must not overflow the stack.
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [tensor, next] = top;
    const inputs = tensor.gradNode?.inputs ?? [];
    if (next < inputs.length) {
      top[1]++;
      const input = inputs[next];
      if (!visited.has(input) && input.requiresGrad) {
        visited.add(input);
        stack.push([input, 0]);
      }
    } else {
      order.push(tensor);
      stack.pop();
    }
  }
  return order;
}

/**
 * Computes d(root)/d(leaf) for every leaf that requires a gradient. `outputGrad` is the head
 * gradient; without one, a tensor of ones of root's shape is used (MXNet's rule, which for a
 * scalar root is also PyTorch's).
 */
export function backward(root: Tensor, outputGrad: Tensor): void {
  if (!root.requiresGrad) {
    throw new AutogradError(
      'backward: this tensor was not computed from any tensor that requires a gradient; call x.attachGrad() ' +
        '(or set x.requiresGrad = true) before computing it, and do not compute it inside noGrad()',
    );
  }
  const grads = new Map<Tensor, Tensor>([[root, outputGrad]]);
  noGrad(() => {
    const order = topologicalOrder(root);
    for (let i = order.length - 1; i >= 0; i--) {
      const tensor = order[i];
      const grad = grads.get(tensor);
      if (!grad) continue;
      const node = tensor.gradNode;
      if (!node) {
        tensor.receiveGrad(grad);
        continue;
      }
      if (tensor.retainsGrad) tensor.receiveGrad(grad);
      const needs = node.inputs.map((t) => t.requiresGrad);
      const inputGrads = node.rule(grad, needs);
      node.inputs.forEach((input, k) => {
        const g = inputGrads[k];
        if (!needs[k] || !g) return;
        const previous = grads.get(input);
        grads.set(input, previous ? previous.add(g) : g);
      });
      grads.delete(tensor);
    }
  });
}
