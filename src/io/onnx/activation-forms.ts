/**
 * Each activation of the table (src/activation/table.ts) as ONNX: one operator where opset 20 has
 * it, a small subgraph otherwise. A form is data, a tree of ONNX nodes over the activation's input
 * x, with the activation's options in its attributes and constants; export writes a form, import
 * recognises it, so both read this one list. Besides the forms we write, import reads the forms
 * PyTorch's exporter (torch.onnx.export, opset 17) writes for the same modules.
 */
import type { ActivationParams, FixedActivationName } from '../../activation/table.js';

/** A value in a form: one of the activation's options (times `scale`), or a fixed number or string. */
export type Slot =
  | { readonly param: string; readonly scale: number }
  | { readonly fixed: number | string };

export type Term =
  | { readonly kind: 'input' }
  /** A scalar float constant fed to a node (an initializer, or a Constant node's value). */
  | { readonly kind: 'constant'; readonly value: Slot }
  | { readonly kind: 'node'; readonly op: string; readonly inputs: readonly Term[]; readonly attributes: Readonly<Record<string, Slot>> };

export interface Form {
  readonly output: Term;
  /** Option values this form stands for: export picks it only for a module with these values. */
  readonly implies?: ActivationParams;
  /** Written by other tools (PyTorch); import reads it, export never writes it. */
  readonly readOnly?: boolean;
}

/** The activation's input. */
const x: Term = { kind: 'input' };
/** The option `name`, times `scale` (Softshrink's −lambd). */
const p = (name: string, scale = 1): Slot => ({ param: name, scale });
const slot = (value: number | string | Slot): Slot => (typeof value === 'object' ? value : { fixed: value });
const c = (value: number | Slot): Term => ({ kind: 'constant', value: slot(value) });
const op = (name: string, inputs: readonly Term[], attributes: Readonly<Record<string, number | string | Slot>> = {}): Term => ({
  kind: 'node',
  op: name,
  inputs,
  attributes: Object.fromEntries(Object.entries(attributes).map(([key, value]) => [key, slot(value)])),
});
const one = (name: string, attributes?: Readonly<Record<string, number | string | Slot>>): Form => ({ output: op(name, [x], attributes) });
const readOnly = (output: Term, implies?: ActivationParams): Form => ({ output, implies, readOnly: true });

// SELU's constants, as in torch/nn/functional.py and src/activation/table.ts (Klambauer et al. 2017).
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
/** TensorProto.DataType BOOL, the `to` of PyTorch's Casts. */
const BOOL = 9;

const softplusOf = (t: Term): Term => op('Softplus', [t]);
const betaX = op('Mul', [x, c(p('beta'))]);

/** The forms of each fixed activation, the one export writes first (PReLU, with its learned weight, is a layer: see export.ts). */
export const activationForms: Readonly<Record<FixedActivationName, readonly Form[]>> = {
  relu: [one('Relu')],
  sigmoid: [one('Sigmoid')],
  tanh: [one('Tanh')],
  leakyRelu: [one('LeakyRelu', { alpha: p('negativeSlope') })],
  elu: [one('Elu', { alpha: p('alpha') })],
  selu: [one('Selu', { alpha: SELU_ALPHA, gamma: SELU_SCALE })],
  celu: [one('Celu', { alpha: p('alpha') })],
  gelu: [
    one('Gelu', { approximate: p('approximate') }),
    // x · (erf(x / √2) + 1) · 0.5
    readOnly(op('Mul', [op('Mul', [x, op('Add', [op('Erf', [op('Div', [x, c(Math.SQRT2)])]), c(1)])]), c(0.5)]), { approximate: 'none' }),
    // 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³)))
    readOnly(
      op('Mul', [c(0.5), op('Mul', [x, op('Add', [c(1), op('Tanh', [op('Mul', [c(Math.sqrt(2 / Math.PI)),
        op('Add', [x, op('Mul', [c(0.044715), op('Mul', [x, op('Mul', [x, x])])])])])])])])]),
      { approximate: 'tanh' },
    ),
  ],
  silu: [{ output: op('Mul', [x, op('Sigmoid', [x])]) }],
  mish: [one('Mish'), readOnly(op('Mul', [x, op('Tanh', [softplusOf(x)])]))],
  softplus: [
    // ONNX's Softplus has no threshold; above it, log(1 + e^x) and x agree to float32 precision for beta = 1, threshold ≥ 20.
    { output: softplusOf(x), implies: { beta: 1, threshold: 20 } },
    // x where beta·x > threshold, else softplus(beta·x) / beta: PyTorch's definition, exactly.
    { output: op('Where', [op('Greater', [betaX, c(p('threshold'))]), x, op('Div', [softplusOf(betaX), c(p('beta'))])]) },
    // PyTorch writes the threshold's branch away; its default is assumed.
    readOnly(op('Div', [softplusOf(betaX), c(p('beta'))]), { threshold: 20 }),
  ],
  softsign: [one('Softsign'), readOnly(op('Div', [x, op('Add', [op('Abs', [x]), c(1)])]))],
  hardtanh: [{ output: op('Clip', [x, c(p('minVal')), c(p('maxVal'))]) }],
  hardsigmoid: [one('HardSigmoid', { alpha: 1 / 6, beta: 0.5 })],
  hardswish: [one('HardSwish')],
  relu6: [{ output: op('Clip', [x, c(0), c(6)]) }],
  logSigmoid: [
    // −softplus(−x): no log(0) where σ(x) underflows.
    { output: op('Neg', [softplusOf(op('Neg', [x]))]) },
    readOnly(op('Log', [op('Sigmoid', [x])])),
  ],
  tanhshrink: [{ output: op('Sub', [x, op('Tanh', [x])]) }],
  softshrink: [
    one('Shrink', { bias: p('lambd'), lambd: p('lambd') }),
    readOnly(op('Add', [
      op('Where', [op('Greater', [x, c(p('lambd'))]), op('Sub', [x, c(p('lambd'))]), c(0)]),
      op('Where', [op('Less', [x, c(p('lambd', -1))]), op('Add', [x, c(p('lambd'))]), c(0)]),
    ])),
  ],
  hardshrink: [
    one('Shrink', { bias: 0, lambd: p('lambd') }),
    readOnly(op('Where', [
      op('Or', [op('Cast', [op('Greater', [x, c(p('lambd'))])], { to: BOOL }), op('Cast', [op('Less', [x, c(p('lambd', -1))])], { to: BOOL })]),
      x,
      c(0),
    ])),
  ],
  threshold: [
    { output: op('ThresholdedRelu', [x], { alpha: p('threshold') }), implies: { value: 0 } },
    { output: op('Where', [op('Greater', [x, c(p('threshold'))]), x, c(p('value'))]) },
  ],
};

/**
 * Attribute values ONNX assumes when a node leaves them out (docs/Operators.md), for the
 * attributes of the forms above: a file may omit any of them (PyTorch omits HardSigmoid's beta).
 */
export const attributeDefaults: Readonly<Record<string, Readonly<Record<string, number | string>>>> = {
  LeakyRelu: { alpha: 0.01 },
  Elu: { alpha: 1 },
  Selu: { alpha: 1.67326319217681884765625, gamma: 1.05070102214813232421875 },
  Celu: { alpha: 1 },
  Gelu: { approximate: 'none' },
  HardSigmoid: { alpha: 0.2, beta: 0.5 },
  Shrink: { bias: 0, lambd: 0.5 },
  ThresholdedRelu: { alpha: 1 },
};

/** Ops whose two inputs may come in either order. */
export const commutativeOps: ReadonlySet<string> = new Set(['Add', 'Mul', 'Or']);
