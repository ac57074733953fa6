/** The CLI's plot and activations commands, and its answers to command lines it cannot run. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activations, type Activation } from '../../src/index.js';
import { runCli } from './run-cli.js';

test('perceptron activations lists every activation with its formula and defaults', () => {
  const { status, stdout } = runCli(['activations']);
  assert.equal(status, 0);
  for (const a of Object.values(activations)) {
    const row = stdout.split('\n').find((line) => line.startsWith(a.name + ' '));
    assert.ok(row, `row for ${a.name}`);
    assert.ok(row.includes(a.formula), `${a.name} formula`);
  }
  assert.match(stdout, /leakyRelu\s+.*negativeSlope=0\.01/);
});

test('perceptron activations --json gives the table as data: names, formula, options, defaults, required', () => {
  const { status, stdout } = runCli(['activations', '--json']);
  assert.equal(status, 0);
  const listed = JSON.parse(stdout) as Record<string, unknown>[];
  const table = Object.values(activations as Record<string, Activation>);
  assert.deepEqual(listed.map((a) => a.name), table.map((a) => a.name));
  listed.forEach((a, i) => {
    const { name, torchName, moduleName, formula, options, defaults, required, learnable } = table[i];
    // As JSON has it: an option without a default has no "default" key (its name is in "required").
    const expected = JSON.parse(JSON.stringify({ name, torchName, moduleName, formula, options, defaults, required, learnable }));
    assert.deepEqual(a, expected);
  });
});

test('plot of an activation with options PyTorch has no default for needs them as --param', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plot-required-'));
  for (const a of Object.values(activations as Record<string, Activation>).filter((a) => a.required.length > 0)) {
    const missing = runCli(['plot', a.name, '--out', join(dir, 'missing.svg')]);
    assert.equal(missing.status, 2, a.name);
    assert.match(missing.stderr, new RegExp(`${a.name}: options? ${a.required.map((k) => `'${k}'`).join(' and ')} must be given`));
    const params = a.required.flatMap((key, i) => ['--param', `${key}=${i + 0.5}`]);
    assert.equal(runCli(['plot', a.name, ...params, '--out', join(dir, `${a.name}.svg`)]).status, 0, a.name);
  }
});

test('perceptron plot NAME --grad --out FILE draws the derivative', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plot-'));
  const svg = join(dir, 'gelu-grad.svg');
  const { status, stdout } = runCli(['plot', 'gelu', '--grad', '--out', svg]);
  assert.equal(status, 0);
  assert.equal(stdout.trim(), `wrote ${svg}`);
  assert.match(readFileSync(svg, 'utf8'), />grad of gelu\(x\)</);
  const png = join(dir, 'leaky.png');
  assert.equal(runCli(['plot', 'leakyRelu', '--param', 'negativeSlope=0.2', '--out', png]).status, 0);
  assert.deepEqual([...readFileSync(png).subarray(1, 4)], [0x50, 0x4e, 0x47]);
});

test('plot without --out writes NAME.svg in the working folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plot-cwd-'));
  assert.equal(runCli(['plot', 'tanh'], { cwd: dir }).status, 0);
  assert.match(readFileSync(join(dir, 'tanh.svg'), 'utf8'), />tanh\(x\)</);
});

const misuse: [string, string[], RegExp][] = [
  ['no command', [], /Usage: perceptron/],
  ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
  ['an unknown activation', ['plot', 'relux'], /unknown activation 'relux'.*valid names: relu, sigmoid/],
  ["PyTorch's spelling of an activation", ['plot', 'leaky_relu'], /unknown activation 'leaky_relu' \(did you mean 'leakyRelu'\?\)/],
  ['a missing argument', ['plot'], /missing required argument 'name'/],
  ['a non-numeric range', ['plot', 'relu', '--from', 'left'], /--from expects a number, got 'left'/],
  ['an unknown option', ['chapter', '--bogus'], /unknown option '--bogus'/],
  ['an unknown activation option', ['plot', 'elu', '--param', 'slope=2'], /elu: .*slope/],
  ['a malformed --param', ['plot', 'elu', '--param', 'alpha'], /--param expects NAME=VALUE/],
];
for (const [what, args, message] of misuse) {
  test(`CLI misuse (${what}) prints the problem and usage, and exits 2`, () => {
    const { status, stderr } = runCli(args);
    assert.equal(status, 2);
    assert.match(stderr, message);
    assert.match(stderr, /Usage: perceptron|perceptron --help/);
  });
}

test('--help and --version exit 0', () => {
  const help = runCli(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /chapter.*\n.*plot.*\n.*activations/s);
  assert.equal(runCli(['--version']).stdout.trim(), '0.1.0');
});
