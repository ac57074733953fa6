/**
 * Recognising an activation's form (activation-forms.ts) in a graph: the form's tree is laid over
 * the nodes that compute a value, reading the activation's options off attributes and constants.
 * A match must be self-contained, so that replacing its nodes by one module changes nothing else:
 * it takes every node that reads its input, and nothing outside it reads its inner values.
 */
import { activationForms, attributeDefaults, commutativeOps, type Form, type Slot, type Term } from './activation-forms.js';
import type { GraphReader } from './graph-reader.js';
import type { NodeProto } from './schema.js';

export interface ActivationMatch {
  /** Table name of the activation. */
  readonly name: string;
  /** Its options: those the form implies and those read from the graph. */
  readonly params: Record<string, number | string>;
  readonly nodes: ReadonlySet<NodeProto>;
  /** The value the activation computes. */
  readonly output: string;
}

interface State {
  readonly params: ReadonlyMap<string, number | string>;
  readonly nodes: ReadonlySet<NodeProto>;
}

/**
 * The float32 number as its shortest decimal (0.2, not 0.20000000298023224): options read back
 * from a file print and compare as they were written.
 */
export function shortestFloat32(value: number): number {
  const rounded = Math.fround(value);
  for (let digits = 1; digits < 17; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === rounded) return candidate;
  }
  return value;
}

/** Equal up to float32 rounding (a constant written as float32 and compared with the double it came from). */
const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

/** `state` with `slot` set to (or checked against) `actual`; undefined when it does not fit. */
function bind(state: State, slot: Slot, actual: number | string): State | undefined {
  if ('fixed' in slot) {
    const fits = typeof slot.fixed === 'number' ? typeof actual === 'number' && close(actual, slot.fixed) : actual === slot.fixed;
    return fits ? state : undefined;
  }
  const value = typeof actual === 'number' ? shortestFloat32(actual / slot.scale) : actual;
  const known = state.params.get(slot.param);
  if (known !== undefined) {
    const same = typeof known === 'number' && typeof value === 'number' ? close(value, known) : known === value;
    return same ? state : undefined;
  }
  return { ...state, params: new Map([...state.params, [slot.param, value]]) };
}

function matchTerm(reader: GraphReader, term: Term, value: string, input: string, state: State): State | undefined {
  if (term.kind === 'input') return value === input ? state : undefined;
  if (term.kind === 'constant') {
    const constant = reader.constant(value);
    return constant && constant.values.length === 1 ? bind(state, term.value, constant.values[0]) : undefined;
  }
  const node = reader.producer(value);
  if (!node || node.opType !== term.op || !['', 'ai.onnx'].includes(node.domain ?? '')) return undefined;
  const inputs = (node.input ?? []).filter((name, i, all) => name !== '' || all.slice(i).some((n) => n !== ''));
  if (inputs.length !== term.inputs.length || node.output?.[0] !== value) return undefined;
  let next: State | undefined = { ...state, nodes: new Set([...state.nodes, node]) };
  for (const [key, slot] of Object.entries(term.attributes)) {
    const actual = reader.attribute(node, key) ?? attributeDefaults[term.op]?.[key];
    if (typeof actual !== 'number' && typeof actual !== 'string') return undefined;
    next = bind(next, slot, actual);
    if (!next) return undefined;
  }
  const orders = commutativeOps.has(term.op) && inputs.length === 2 ? [inputs, [inputs[1], inputs[0]]] : [inputs];
  for (const order of orders) {
    let result: State | undefined = next;
    for (let i = 0; i < order.length && result; i++) result = matchTerm(reader, term.inputs[i], order[i], input, result);
    if (result) return result;
  }
  return undefined;
}

/** Whether the matched nodes can be replaced by one module reading `input` and writing `output`. */
function selfContained(reader: GraphReader, nodes: ReadonlySet<NodeProto>, input: string, output: string, graphOutputs: ReadonlySet<string>): boolean {
  if (!reader.consumers(input).every((n) => nodes.has(n))) return false;
  for (const node of nodes) {
    for (const value of node.output ?? []) {
      if (value === output) continue;
      if (graphOutputs.has(value) || !reader.consumers(value).every((n) => nodes.has(n))) return false;
    }
  }
  return true;
}

/** How many values a form fixes: of two forms matching the same nodes, the more specific wins (ReLU6 over Hardtanh(0, 6)). */
function fixedSlots(term: Term): number {
  if (term.kind === 'input') return 0;
  if (term.kind === 'constant') return 'fixed' in term.value ? 1 : 0;
  return Object.values(term.attributes).filter((s) => 'fixed' in s).length + term.inputs.reduce((n, t) => n + fixedSlots(t), 0);
}

/** The largest self-contained activation form computed from `input`, or undefined. */
export function matchActivation(reader: GraphReader, input: string, graphOutputs: ReadonlySet<string>): ActivationMatch | undefined {
  let best: (ActivationMatch & { specificity: number }) | undefined;
  for (const [name, forms] of Object.entries(activationForms) as [string, readonly Form[]][]) {
    for (const form of forms) {
      if (form.output.kind !== 'node') continue;
      const root = form.output.op;
      for (const node of reader.nodes) {
        if (node.opType !== root) continue;
        const output = node.output?.[0] ?? '';
        const state = matchTerm(reader, form.output, output, input, { params: new Map(), nodes: new Set() });
        if (!state || !selfContained(reader, state.nodes, input, output, graphOutputs)) continue;
        const specificity = fixedSlots(form.output);
        if (best && (state.nodes.size < best.nodes.size || (state.nodes.size === best.nodes.size && specificity <= best.specificity))) continue;
        best = { name, params: { ...form.implies, ...Object.fromEntries(state.params) }, nodes: state.nodes, output, specificity };
      }
    }
  }
  return best;
}
