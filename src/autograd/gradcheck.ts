/**
 * Checks analytic gradients against central finite differences, in float64.
 *
 * Rather than the whole Jacobian, it checks one vector–Jacobian product: L = Σ f(inputs) · v for a
 * fixed random v, differentiated by backward() and by (L(x + h) − L(x − h)) / 2h per input element.
 * A wrong gradient rule shows up in that product for almost every v (PyTorch's fast mode does the same).
 */
import { DTypeError, PerceptronError } from '../errors.js';
import { normal } from '../tensor/creation.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from './tape.js';

/** Options of gradcheck: the finite-difference step and the tolerances (PyTorch's names). */
export interface GradcheckOptions {
  /** Finite-difference step (1e-6, as PyTorch). */
  eps?: number;
  /** Absolute tolerance: an element passes when |analytic − numeric| ≤ atol + rtol · |numeric| (1e-5, as PyTorch). */
  atol?: number;
  /** Relative tolerance, scaling |numeric| in the test above (1e-3, as PyTorch). */
  rtol?: number;
  /** Seed of the random vector v the output is projected on, so that a failure repeats (0 by default). */
  seed?: number;
}

export class GradcheckError extends PerceptronError {}

/** Checks the gradients autograd computes for fn at `inputs` against central finite differences (float64 inputs, as torch.autograd.gradcheck); returns true or throws a GradcheckError naming the input and element. */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradcheckOptions = {}): true {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, seed = 0 } = options;
  for (const x of inputs) {
    if (x.dtype !== 'float64') throw new DTypeError(`gradcheck: inputs must be float64 for finite differences to be accurate (got ${x.dtype})`);
  }
  const leaves = inputs.map((x) => new Tensor(Float64Array.from(x.data), x.shape).requiresGrad_());
  const output = fn(...leaves);
  const v = normal(output.shape, { dtype: 'float64', generator: new Generator(seed) });
  output.mul(v).sum().backward();
  const projected = (): number => noGrad(() => fn(...leaves).mul(v).sum().item());

  leaves.forEach((leaf, k) => {
    const analytic = leaf.grad?.data ?? new Float64Array(leaf.size);
    for (let i = 0; i < leaf.size; i++) {
      const original = leaf.data[i];
      leaf.data[i] = original + eps;
      const plus = projected();
      leaf.data[i] = original - eps;
      const minus = projected();
      leaf.data[i] = original;
      const numeric = (plus - minus) / (2 * eps);
      if (!(Math.abs(analytic[i] - numeric) <= atol + rtol * Math.abs(numeric))) {
        throw new GradcheckError(
          `gradcheck: input ${k}, element ${i} (value ${original}): analytic gradient ${analytic[i]} but finite differences give ${numeric}`,
        );
      }
    }
  });
  return true;
}
