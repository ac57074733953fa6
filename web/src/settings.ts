/**
 * Every setting of the page in one table (TensorFlow Playground's state.ts): its default, how it is
 * written in the URL, what it changes when it changes, and the control that shows it. The page
 * builds its controls from this table and keeps all of it in the URL's hash, so a link reproduces
 * the experiment exactly: the data, the initial weights and the order of the batches are all drawn
 * from `seed`.
 */
import { activations, optim, type Activation } from 'perceptron';
import { DATASETS, DATASET_NAMES, FEATURES, type DatasetName } from './problem.js';

/**
 * What must be redone when a setting changes: 'data' draws the data set again and starts a new
 * network, 'network' starts a new network on the same data, 'training' changes the running
 * training (learning rate, optimizer, …) without a restart, 'view' only redraws.
 */
export type Effect = 'data' | 'network' | 'training' | 'view';

/** How a setting appears on the page; 'custom' ones are drawn by their own widget. */
export type Control =
  | { kind: 'select'; options: readonly (readonly [value: string, label: string])[] }
  | { kind: 'slider'; min: number; max: number; step: number; unit?: string }
  | { kind: 'checkbox' }
  | { kind: 'custom' };

/** A value's text in the URL, both ways; parse gives undefined for text it does not accept. */
interface Codec<T> {
  parse(text: string): T | undefined;
  format(value: T): string;
  /** What the URL may hold, for the message about a value that was ignored. */
  expected: string;
}

export interface Setting<T> {
  label: string;
  default: T;
  effect: Effect;
  codec: Codec<T>;
  control: Control;
}

/** One of `values`; `renamed` maps names that older links hold to today's. */
const oneOf = <T extends string>(values: readonly T[], renamed: Readonly<Record<string, T>> = {}): Codec<T> => ({
  parse: (text) => values.find((v) => v === text) ?? (Object.hasOwn(renamed, text) ? renamed[text] : undefined),
  format: (value) => value,
  expected: `one of ${values.join(', ')}`,
});

const integer = (min: number, max: number): Codec<number> => ({
  parse: (text) => {
    const n = Number(text);
    return /^-?\d+$/.test(text) && n >= min && n <= max ? n : undefined;
  },
  format: String,
  expected: `an integer from ${min} to ${max}`,
});

const numberFrom = (values: readonly number[]): Codec<number> => ({
  parse: (text) => values.find((v) => text !== '' && v === Number(text)),
  format: String,
  expected: `one of ${values.join(', ')}`,
});

const flag: Codec<boolean> = {
  parse: (text) => (text === 'true' ? true : text === 'false' ? false : undefined),
  format: String,
  expected: 'true or false',
};

/** A comma-separated list of integers, each in [min, max], at most maxLength of them ('' is none). */
const integerList = (min: number, max: number, maxLength: number): Codec<number[]> => ({
  parse: (text) => {
    const items = text === '' ? [] : text.split(',');
    const values = items.map(Number);
    const ok = items.length <= maxLength && items.every((item, i) => /^\d+$/.test(item) && values[i] >= min && values[i] <= max);
    return ok ? values : undefined;
  },
  format: (values) => values.join(','),
  expected: `up to ${maxLength} comma-separated integers from ${min} to ${max}`,
});

/** A comma-separated set of names from `names`, kept in the table's order; at least one. */
const nameSet = (names: readonly string[]): Codec<string[]> => ({
  parse: (text) => {
    const items = text.split(',');
    return items.length > 0 && items.every((item) => names.includes(item)) ? names.filter((n) => items.includes(n)) : undefined;
  },
  format: (values) => values.join(','),
  expected: `a comma-separated set of ${names.join(', ')}`,
});

const select = (options: readonly (readonly [string, string])[]): Control => ({ kind: 'select', options });
const numberSelect = (values: readonly number[]): Control => select(values.map((v) => [String(v), String(v)] as const));
const slider = (min: number, max: number, step: number, unit?: string): Control => ({ kind: 'slider', min, max, step, unit });
const custom: Control = { kind: 'custom' };

/** The limits of the network, as TensorFlow Playground's. */
export const MAX_HIDDEN_LAYERS = 6;
export const MAX_NEURONS = 8;

const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const REGULARIZATION_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
/** The table's activations that run without options (the page has no control for them; threshold needs two). */
const ACTIVATIONS = Object.values(activations as Record<string, Activation>).filter((a) => a.required.length === 0).map((a) => a.name);
const REGULARIZATIONS = ['none', 'L1', 'L2'] as const;
const BACKENDS = ['auto', 'wasm', 'js'] as const;
const FEATURE_NAMES = Object.keys(FEATURES);

/** Data set names of older links: the playground once spelled them in camelCase. */
const RENAMED_DATASETS: Readonly<Record<string, DatasetName>> = { multiSpiral: 'multi-spiral', multiGaussian: 'multi-gaussian' };

/** The classes slider, for the sets whose number of classes is a choice (their ranges, together). */
const classRanges = Object.values(DATASETS).flatMap((set) => set.classes ?? []);
const CLASSES = {
  default: classRanges[0].default,
  min: Math.min(...classRanges.map((r) => r.min)),
  max: Math.max(...classRanges.map((r) => r.max)),
};

const setting = <T>(spec: Setting<T>): Setting<T> => spec;

export const SETTINGS = {
  dataset: setting<DatasetName>({ label: 'Data', default: 'circle', effect: 'data', codec: oneOf(DATASET_NAMES, RENAMED_DATASETS), control: custom }),
  classes: setting({
    label: 'Classes', default: CLASSES.default, effect: 'data', codec: integer(CLASSES.min, CLASSES.max), control: slider(CLASSES.min, CLASSES.max, 1),
  }),
  trainPercent: setting({ label: 'Ratio of training to test data', default: 50, effect: 'data', codec: integer(10, 90), control: slider(10, 90, 10, '%') }),
  noise: setting({ label: 'Noise', default: 0, effect: 'data', codec: integer(0, 50), control: slider(0, 50, 5) }),
  seed: setting({ label: 'Seed', default: 1, effect: 'data', codec: integer(0, 999999), control: custom }),
  features: setting({ label: 'Features', default: ['x1', 'x2'], effect: 'network', codec: nameSet(FEATURE_NAMES), control: custom }),
  hidden: setting({ label: 'Hidden layers', default: [4, 2], effect: 'network', codec: integerList(1, MAX_NEURONS, MAX_HIDDEN_LAYERS), control: custom }),
  activation: setting({ label: 'Activation', default: 'tanh', effect: 'network', codec: oneOf(ACTIVATIONS), control: select(ACTIVATIONS.map((a) => [a, a] as const)) }),
  backend: setting<(typeof BACKENDS)[number]>({
    label: 'Backend', default: 'auto', effect: 'data', codec: oneOf(BACKENDS),
    control: select([['auto', 'auto'], ['wasm', 'wasm'], ['js', 'js']]),
  }),
  learningRate: setting({ label: 'Learning rate', default: 0.03, effect: 'training', codec: numberFrom(LEARNING_RATES), control: numberSelect(LEARNING_RATES) }),
  optimizer: setting<optim.OptimizerName>({
    label: 'Optimizer', default: 'sgd', effect: 'training', codec: oneOf(optim.optimizerNames),
    control: select(optim.optimizerNames.map((name) => [name, optim.optimizerChoices[name].label] as const)),
  }),
  regularization: setting<(typeof REGULARIZATIONS)[number]>({
    label: 'Regularization', default: 'none', effect: 'training', codec: oneOf(REGULARIZATIONS),
    control: select([['none', 'None'], ['L1', 'L1'], ['L2', 'L2']]),
  }),
  regularizationRate: setting({ label: 'Regularization rate', default: 0, effect: 'training', codec: numberFrom(REGULARIZATION_RATES), control: numberSelect(REGULARIZATION_RATES) }),
  batchSize: setting({ label: 'Batch size', default: 10, effect: 'training', codec: integer(1, 30), control: slider(1, 30, 1) }),
  showTestData: setting({ label: 'Show test data', default: false, effect: 'view', codec: flag, control: { kind: 'checkbox' } }),
  discretize: setting({ label: 'Discretize output', default: false, effect: 'view', codec: flag, control: { kind: 'checkbox' } }),
};

export type SettingName = keyof typeof SETTINGS;
type ValueOf<S> = S extends Setting<infer T> ? T : never;
export type Settings = { [K in SettingName]: ValueOf<(typeof SETTINGS)[K]> };

export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

export function defaultSettings(): Settings {
  return Object.fromEntries(SETTING_NAMES.map((name) => [name, structuredClone(SETTINGS[name].default)])) as Settings;
}

/**
 * The settings a URL hash ('#dataset=xor&noise=10') describes, the rest at their defaults, and a
 * note for every entry that was not understood (it is ignored: the default stays).
 */
export function settingsFromHash(hash: string): { settings: Settings; problems: string[] } {
  const settings = defaultSettings();
  const problems: string[] = [];
  for (const [key, text] of new URLSearchParams(hash.replace(/^#/, ''))) {
    if (!(key in SETTINGS)) {
      problems.push(`unknown setting '${key}'`);
      continue;
    }
    const spec = SETTINGS[key as SettingName] as Setting<unknown>;
    const value = spec.codec.parse(text);
    if (value === undefined) problems.push(`${key}=${text} ignored: expected ${spec.codec.expected}`);
    else (settings as Record<string, unknown>)[key] = value;
  }
  return { settings, problems };
}

/** The URL hash holding every setting, in the table's order. */
export function hashOf(settings: Settings): string {
  const entries = SETTING_NAMES.map((name) => [name, (SETTINGS[name].codec as Codec<unknown>).format(settings[name])]);
  return `#${new URLSearchParams(entries).toString().replace(/%2C/g, ',')}`;
}
