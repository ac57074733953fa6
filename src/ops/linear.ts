/**
 * A fully connected layer as one op: y = activation(x·W + b), with W stored in × out (the book's
 * layout; see nn.Linear). One op instead of three (matmul, add, activation) means one output
 * buffer less, one pass less over it (the backend adds the bias and applies the activation while
 * a row is in cache) and one node on the tape; the gradient is the three rules' composition:
 *
 *     dz = dy · activation′(z)      (z = x·W + b, kept; dz = dy without an activation)
 *     dx = dz·Wᵀ,  dW = xᵀ·dz,  db = Σ_rows dz
 */
import { getActivation, resolveParams, type ActivationParams } from '../activation/table.js';
import { recordOp } from '../autograd/tape.js';
import { fusedKernel, kernels } from '../backend/index.js';
import type { Storage } from '../backend/backend.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { activationGradKernel, activationKernel } from './activation-kernels.js';
import { astype } from './elementwise.js';
import { matmulTransposed, productKernel } from './matmul.js';
import { productPrecision } from './autocast.js';
import { reshape } from './movement.js';
import { emptyLike, isFloat, promoteTypes } from './operands.js';
import { sum } from './reduce.js';

/**
 * The layer's epilogue: bias (one value per column) added in place to every row of x (contiguous),
 * then out = activation(x), unless name is null (bias only; out unused).
 */
const biasActivationKernel = fusedKernel('biasActivation', (name: string | null, params: ActivationParams, x: Storage, bias: Storage, out: Storage | null): void => {
  const cols = bias.length;
  for (let start = 0; start < x.length; start += cols) {
    for (let c = 0; c < cols; c++) x[start + c] += bias[c];
  }
  if (name !== null && out !== null) activationKernel(name, params, x, out);
});

/** The activation a fused linear op applies after X·W + b: a table name and its options. */
export interface LinearActivation {
  /** A name of the activation table (src/activation/table.ts), e.g. 'relu'. */
  name: string;
  /** Its options by name ({ negativeSlope: 0.2 }); PyTorch's defaults fill in those left out. */
  params?: ActivationParams;
}

/**
 * x (…, in) · weight (in, out) + bias (out), then the activation if one is given → (…, out).
 * bias may be null. All operands are brought to the widest dtype among them (float32 at least).
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null, activation?: LinearActivation): Tensor {
  const op = 'linear';
  if (weight.ndim !== 2) throw new ShapeError(op, [x.shape, weight.shape], 'weight must be 2-D (in × out)');
  const [inFeatures, outFeatures] = weight.shape;
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== inFeatures) {
    throw new ShapeError(op, [x.shape, weight.shape], `the input's last axis must have ${inFeatures} entries (weight is in × out = ${inFeatures} × ${outFeatures})`);
  }
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== outFeatures)) {
    throw new ShapeError(op, [weight.shape, bias.shape], `bias must be a vector of ${outFeatures} entries (the weight's out features)`);
  }
  const spec = activation ? getActivation(activation.name) : null;
  if (spec?.name === 'prelu') throw new ArgumentError(`${op}: prelu has a learnable weight; apply prelu(y, weight) to linear's output instead`);
  const params = spec ? resolveParams(spec, activation!.params) : {};
  let dtype = promoteTypes(x.dtype, bias ? promoteTypes(weight.dtype, bias.dtype) : weight.dtype);
  if (!isFloat(dtype)) dtype = 'float32';
  const input = x.dtype === dtype ? x : astype(x, dtype);
  const w = weight.dtype === dtype ? weight : astype(weight, dtype);
  const b = bias === null || bias.dtype === dtype ? bias : astype(bias, dtype);

  const rows = sizeOf(x.shape.slice(0, -1));
  const outShape = [...x.shape.slice(0, -1), outFeatures];
  const z = emptyLike(outShape, dtype);
  const precision = productPrecision(dtype);
  productKernel(input.data, w.data, z.data, { batch: 1, m: rows, k: inFeatures, n: outFeatures, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 }, precision);
  const y = spec ? emptyLike(outShape, dtype) : z;
  if (b) biasActivationKernel(spec ? spec.name : null, params, z.data, b.data, spec ? y.data : null);
  else if (spec) activationKernel(spec.name, params, z.data, y.data);

  const inputs = b ? [input, w, b] : [input, w];
  return recordOp(spec ? `linear+${spec.name}` : op, inputs, y, (g, needs) => {
    let dz = g;
    if (spec) {
      dz = emptyLike(outShape, dtype);
      activationGradKernel(spec.name, params, z.data, y.data, g.data, dz.data);
    }
    const dzRows = reshape(dz, [rows, outFeatures]);
    return [
      needs[0] ? reshape(matmulTransposed(dzRows, w, false, true, precision), input.shape) : null,
      needs[1] ? matmulTransposed(reshape(input, [rows, inFeatures]), dzRows, true, false, precision) : null,
      ...(b ? [needs[2] ? sum(dzRows, 0) : null] : []),
    ];
  });
}
