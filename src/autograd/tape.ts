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
 *
 * Freeing (PyTorch's): backward() releases every op it went through — their rules, and with them
 * the tensors they saved — unless `retainGraph` is asked for; a second backward() through a released
 * op is an AutogradError, never a silent second accumulation.
 *
 * In-place writes (PyTorch's version counter, version.ts): each recorded op notes the version of its
 * inputs' and its output's storage; backward() refuses to run an op one of whose tensors has been
 * written since (copy_, an optimizer step), since its gradient would come from the new values.
 */
import { AutogradError, NanError } from '../errors.js';
import type { Storage, Tensor } from '../tensor/tensor.js';
import { versionOf } from './version.js';

/**
 * Returns the gradient of each input given the gradient of the output (null where an input needs
 * none); `needs[i]` says whether input i wants one, so rules can skip work.
 */
export type GradientRule = (outputGrad: Tensor, needs: readonly boolean[]) => readonly (Tensor | null)[];

/** One recorded op: what it consumed and how to send a gradient back through it. */
export interface GradNode {
  readonly op: string;
  /** Emptied, with the rule, when backward() releases the op. */
  inputs: readonly Tensor[];
  /** null once backward() has released the op (it ran without retainGraph). */
  rule: GradientRule | null;
  /** The versions of the inputs' storage when the op ran, then the output's. */
  versions: readonly number[];
}

export interface BackwardOptions {
  /** Keep the graph so that another backward() can go through it (PyTorch's retain_graph). */
  retainGraph?: boolean;
}

/** Where backward() starts: a tensor and its head gradient. */
export interface BackwardHead {
  tensor: Tensor;
  grad: Tensor;
  /** The caller holds this gradient (it passed it in), so no .grad may keep it as is. */
  callerOwned: boolean;
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

/** Whether ops are recorded for backward now: false inside noGrad() (torch.is_grad_enabled). */
export const isGradEnabled = (): boolean => gradEnabled;

/**
 * Anomaly detection (PyTorch's `torch.autograd.set_detect_anomaly`): when on, an op whose finite
 * inputs give a NaN or ±Infinity output throws a NanError naming the op, instead of letting it
 * spread silently. Off by default because it costs a scan of every output.
 */
export function setDetectAnomaly(enabled: boolean): void {
  anomalyDetection = enabled;
}

export const isAnomalyDetectionEnabled = (): boolean => anomalyDetection;

/** The first value of t that is NaN or ±Infinity, or undefined when all are finite. */
function firstNonFinite(t: Tensor): number | undefined {
  const data = t.data;
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return data[i];
  return undefined;
}

/**
 * Called by every op once its output is computed: checks for anomalies, and links the output to
 * its inputs and gradient rule when the op must be recorded.
 */
export function recordOp(op: string, inputs: readonly Tensor[], output: Tensor, rule: GradientRule): Tensor {
  if (anomalyDetection) {
    const bad = firstNonFinite(output);
    if (bad !== undefined && inputs.every((t) => firstNonFinite(t) === undefined)) {
      throw new NanError(`${op}: produced ${bad} from finite inputs (anomaly detection is on; e.g. log or sqrt of a negative number, log(0), an overflowing exp)`);
    }
  }
  if (gradEnabled && inputs.some((t) => t.requiresGrad)) {
    const versions = inputs.map((t) => versionOf(t.data));
    versions.push(versionOf(output.data));
    output.setGradNode({ op, inputs, rule, versions });
  }
  return output;
}

/** Tensors reachable from the roots through recorded ops, inputs before the ops that consumed them. */
function topologicalOrder(roots: readonly Tensor[]): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  // Iterative depth-first search: deep graphs (long training loops) must not overflow the stack.
  for (const root of roots) {
    if (visited.has(root)) continue;
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
  }
  return order;
}

const describe = (t: Tensor): string => `${t.dtype} [${t.shape.join(', ')}]`;

/**
 * Throws unless every op in `order` can still run: not released by an earlier backward(), and none
 * of its tensors written in place since it was recorded. Checked before any gradient is handed out,
 * so a refused backward() changes no .grad.
 */
function checkRunnable(order: readonly Tensor[]): void {
  for (let i = order.length - 1; i >= 0; i--) {
    const tensor = order[i];
    const node = tensor.gradNode;
    if (!node) continue;
    if (!node.rule) {
      throw new AutogradError(
        `backward: trying to back-propagate through the graph a second time: '${node.op}' was already back-propagated ` +
          'and its saved tensors freed. Pass { retainGraph: true } to the first backward() (y.backward({ retainGraph: true })) ' +
          'to back-propagate through the same graph again',
      );
    }
    for (let k = 0; k <= node.inputs.length; k++) {
      const saved = k < node.inputs.length ? node.inputs[k] : tensor;
      const version = versionOf(saved.data);
      if (version === node.versions[k]) continue;
      throw new AutogradError(
        `backward: one of the tensors needed by '${node.op}' was modified in place (version ${version}, expected ${node.versions[k]}): ` +
          `${k < node.inputs.length ? `its input ${k}` : 'its output'}, ${describe(saved)}. An in-place write (copy_, an optimizer step) ` +
          "between the forward pass and backward() changes values the op's gradient is computed from; call backward() before " +
          'the write, or give the op a clone()',
      );
    }
  }
}
/**
 * Computes d(heads)/d(leaf) for every leaf that requires a gradient: the sum over the heads of
 * each head's gradient sent back through the graph (one head: y.backward(); several: MXNet's
 * autograd.backward(heads)). Releases the graph unless `retainGraph`.
 *
 * Every .grad handed out owns its storage: a rule may pass one gradient to several inputs (add's
 * [g, g], reshape's view of g), so a gradient whose array is already kept by a .grad — or held by
 * the caller — is copied before a leaf keeps it; the usual single consumer gets it without a copy.
 */
export function backward(heads: readonly BackwardHead[], { retainGraph = false }: BackwardOptions = {}): void {
  for (const { tensor } of heads) {
    if (!tensor.requiresGrad) {
      throw new AutogradError(
        'backward: this tensor was not computed from any tensor that requires a gradient; call x.attachGrad() ' +
          '(or set x.requiresGrad = true) before computing it, and do not compute it inside noGrad()',
      );
    }
  }
  const order = topologicalOrder(heads.map((head) => head.tensor));
  checkRunnable(order);
  const handedOut = new Set<Storage>();
  const hand = (tensor: Tensor, grad: Tensor): void => {
    tensor.receiveGrad(grad, handedOut.has(grad.data));
    handedOut.add(tensor.grad!.data);
  };
  noGrad(() => {
    const grads = new Map<Tensor, Tensor>();
    for (const { tensor, grad, callerOwned } of heads) {
      if (callerOwned) handedOut.add(grad.data);
      const previous = grads.get(tensor);
      grads.set(tensor, previous ? previous.add(grad) : grad);
    }
    for (let i = order.length - 1; i >= 0; i--) {
      const tensor = order[i];
      const grad = grads.get(tensor);
      if (!grad) continue;
      const node = tensor.gradNode;
      if (!node) {
        hand(tensor, grad);
        continue;
      }
      if (tensor.retainsGrad) hand(tensor, grad);
      const needs = node.inputs.map((t) => t.requiresGrad);
      const inputGrads = node.rule!(grad, needs);
      node.inputs.forEach((input, k) => {
        const g = inputGrads[k];
        if (!needs[k] || !g) return;
        const previous = grads.get(input);
        grads.set(input, previous ? previous.add(g) : g);
      });
      grads.delete(tensor);
    }
  });
  if (!retainGraph) for (const tensor of order) release(tensor.gradNode);
}

/** Frees what a recorded op kept for its gradient (its rule's closure and its inputs). */
function release(node: GradNode | null): void {
  if (!node) return;
  node.rule = null;
  node.inputs = [];
  node.versions = [];
}
