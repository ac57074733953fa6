/**
 * The playground in a real browser (Debian's chromium through playwright-core), served by
 * `perceptron playground`: it learns, it stays responsive, its controls rebuild what they should,
 * a link reproduces an experiment, uploads are checked, and no page logs an error. Screenshots go
 * to the temporary folder as pg-*.png.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { activations, type Activation } from '../../src/activation/table.js';
import { data, Generator, optim } from '../../src/index.js';
import { decodeSafetensors } from '../../src/io/safetensors.js';
import { launchBrowser, openPlayground, snapshot, startServer, waitFor, type Browser, type PlaygroundPage, type Server } from './browser.js';

let server: Server;
let browser: Browser;
const pages: PlaygroundPage[] = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(hash = ''): Promise<PlaygroundPage> {
  const opened = await openPlayground(browser, server, hash);
  pages.push(opened);
  return opened;
}

/** Closes the page, after checking that it logged no error. */
async function finish({ page, errors }: PlaygroundPage, screenshot?: string): Promise<void> {
  if (screenshot) await page.screenshot({ path: join(tmpdir(), `pg-${screenshot}.png`), fullPage: true });
  assert.deepEqual(errors, [], 'the page logged errors');
  await page.close();
}

/** Moves a slider as a user would: a new value, then the input event. */
async function setSlider(page: Page, selector: string, value: number): Promise<void> {
  await page.locator(selector).evaluate((input: HTMLInputElement, v) => {
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

const lossesOf = (page: Page) => page.evaluate(() => {
  const { training } = window.__playground;
  return { epoch: training.epoch, ...training.history[training.history.length - 1] };
});

test('the default network learns the circle (test loss < 0.1) and updates at least 30 times a second', async (t) => {
  const opened = await open();
  const { page } = opened;
  const start = await snapshot(page);
  assert.deepEqual(start.settings.hidden, [4, 2]);
  assert.equal(start.settings.dataset, 'circle');
  assert.equal(start.epoch, 0);
  assert.ok(start.losses.test > 0.4, `an untrained network should not know the circle (test loss ${start.losses.test})`);

  await page.click('#play');
  await page.waitForTimeout(1000);
  // Updates (a slice of training, then every heatmap, link and curve redrawn) over 4 seconds.
  const rate = await page.evaluate(async () => {
    const stats = window.__playground.stats;
    const [updates, time] = [stats.updates, performance.now()];
    await new Promise((resolve) => setTimeout(resolve, 4000));
    return { perSecond: ((stats.updates - updates) * 1000) / (performance.now() - time), trainMs: stats.trainMs, drawMs: stats.drawMs };
  });
  t.diagnostic(`default network on ${start.backend}: ${rate.perSecond.toFixed(1)} updates/s (last update: train ${rate.trainMs.toFixed(1)} ms, draw ${rate.drawMs.toFixed(1)} ms)`);
  assert.ok(rate.perSecond >= 30, `${rate.perSecond.toFixed(1)} updates per second, expected at least 30`);

  const learned = await waitFor(() => lossesOf(page), (l) => l.test < 0.1, 30_000);
  t.diagnostic(`circle: test loss ${learned.test.toFixed(4)}, training loss ${learned.train.toFixed(4)} after ${learned.epoch} epochs`);
  assert.ok(learned.test < 0.1, `test loss ${learned.test} after ${learned.epoch} epochs`);
  assert.match(await page.locator('#epoch').innerText(), /^\d{3},\d{3}$/);
  assert.ok(Number(await page.locator('#test-loss').innerText()) < 0.15, 'the page shows the test loss');
  await finish(opened, 'circle');
});

test('the js backend also trains and redraws at a live rate (reported)', async (t) => {
  const opened = await open('#backend=js');
  const { page } = opened;
  assert.equal((await snapshot(page)).backend, 'js');
  await page.click('#play');
  await page.waitForTimeout(1000);
  const perSecond = await page.evaluate(async () => {
    const stats = window.__playground.stats;
    const [updates, time] = [stats.updates, performance.now()];
    await new Promise((resolve) => setTimeout(resolve, 3000));
    return ((stats.updates - updates) * 1000) / (performance.now() - time);
  });
  t.diagnostic(`default network on js: ${perSecond.toFixed(1)} updates/s`);
  assert.ok(perSecond >= 15, `${perSecond.toFixed(1)} updates per second on js`);
  await finish(opened);
});

test('a deeper network with sin features learns the spiral (test loss < 0.1)', async (t) => {
  const opened = await open('#dataset=spiral&features=x1,x2,sinX1,sinX2&hidden=8,8&optimizer=adam&learningRate=0.01&showTestData=true');
  const { page } = opened;
  const before = await lossesOf(page);
  assert.ok(before.test > 0.5, `untrained spiral test loss ${before.test}`);
  await page.click('#play');
  const learned = await waitFor(() => lossesOf(page), (l) => l.test < 0.1, 40_000);
  t.diagnostic(`spiral: test loss ${learned.test.toFixed(4)}, training loss ${learned.train.toFixed(4)} after ${learned.epoch} epochs`);
  assert.ok(learned.test < 0.1, `test loss ${learned.test} after ${learned.epoch} epochs`);
  await page.click('#play');
  await finish(opened, 'spiral');
});

test('switching activation and data set rebuilds the network, the explorer and the URL', async () => {
  const opened = await open();
  const { page } = opened;
  await page.click('#step');
  assert.equal((await snapshot(page)).epoch, 1);

  await page.selectOption('#setting-activation', 'gelu');
  let state = await snapshot(page);
  assert.equal(state.settings.activation, 'gelu');
  assert.match(state.hash, /activation=gelu/);
  assert.equal(state.epoch, 0, 'a new activation starts a new network');
  assert.match(await page.locator('.explorer .formula').innerText(), /^gelu\(x\) = /);
  assert.match(await page.locator('[data-figure="gradient"]').innerHTML(), />grad of gelu\(x\)</);

  await page.click('[data-dataset="xor"]');
  state = await snapshot(page);
  assert.match(state.hash, /dataset=xor/);
  assert.equal(await page.locator('#problem-type').innerText(), 'Classification, 2 classes');

  await page.click('[data-dataset="multi-spiral"]');
  await setSlider(page, '#setting-classes', 4);
  state = await snapshot(page);
  assert.match(state.hash, /dataset=multi-spiral&classes=4/);
  assert.equal(await page.locator('#problem-type').innerText(), 'Classification, 4 classes');
  assert.deepEqual(state.sizes, [2, 4, 2, 4], 'softmax over four classes: four outputs');
  assert.equal(await page.locator('.node.output').count(), 4);
  assert.equal(await page.locator('.legend .swatch').count(), 4);
  await page.click('#play');
  const learning = await waitFor(() => lossesOf(page), (l) => l.epoch >= 20, 30_000);
  assert.ok(learning.train < Math.log(4), `cross-entropy ${learning.train} after ${learning.epoch} epochs is no better than chance (${Math.log(4)})`);
  await page.screenshot({ path: join(tmpdir(), 'pg-multiclass.png'), fullPage: true });
  await page.click('#play');

  await page.click('[data-dataset="plane"]');
  state = await snapshot(page);
  assert.equal(await page.locator('#problem-type').innerText(), 'Regression');
  assert.deepEqual(state.sizes, [2, 4, 2, 1]);
  assert.ok(await page.locator('#setting-classes').isHidden(), 'the classes slider only shows for the spiral arms');
  await page.click('#play');
  const regression = await waitFor(() => lossesOf(page), (l) => l.epoch >= 30, 30_000);
  assert.ok(regression.test < 0.05, `plane: mean squared error ${regression.test} after ${regression.epoch} epochs`);
  await finish(opened, 'regression');
});

test('every activation of the library that runs without options is on the menu, trains, and is drawn by the explorer', async () => {
  const opened = await open('#hidden=3');
  const { page } = opened;
  const menu = await page.locator('#setting-activation option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  // All but those with options PyTorch has no default for (threshold): the page has no control for options.
  assert.deepEqual(menu, Object.values(activations as Record<string, Activation>).filter((a) => a.required.length === 0).map((a) => a.name));
  for (const name of menu) {
    await page.selectOption('#setting-activation', name);
    const losses = await page.evaluate(() => {
      const playground = window.__playground;
      for (let epoch = 0; epoch < 3; epoch++) playground.step();
      return playground.training.history.map((h) => h.train);
    });
    assert.equal(losses.length, 4, name);
    assert.ok(losses.every(Number.isFinite) && losses[3] < losses[0], `${name}: training loss ${losses.join(' → ')}`);
    assert.match(await page.locator('[data-figure="value"]').innerHTML(), new RegExp(`>${name}\\(x\\)<`));
  }
  await finish(opened);
});

test('layers and neurons are added and removed with the buttons; features are toggled on the network', async () => {
  const opened = await open();
  const { page } = opened;
  assert.equal(await page.locator('.node.neuron').count(), 6);

  await page.click('[aria-label="Add a hidden layer"]');
  let state = await snapshot(page);
  assert.deepEqual(state.settings.hidden, [4, 2, 2]);
  assert.match(state.hash, /hidden=4,2,2/);
  assert.equal(await page.locator('.layers-count').innerText(), '3 HIDDEN LAYERS');
  assert.equal(await page.locator('.node.neuron').count(), 8);

  await page.click('[aria-label="Add a neuron to layer 3"]');
  await page.click('[aria-label="Remove a neuron from layer 1"]');
  state = await snapshot(page);
  assert.deepEqual(state.settings.hidden, [3, 2, 3]);
  assert.deepEqual(state.sizes, [2, 3, 2, 3, 1]);
  // Links: 2·3 + 3·2 + 2·3 + 3·1.
  assert.equal(await page.locator('.link').count(), 21);

  await page.click('[data-feature="x1x2"]');
  state = await snapshot(page);
  assert.deepEqual(state.settings.features, ['x1', 'x2', 'x1x2']);
  assert.equal(state.sizes[0], 3);
  assert.equal(await page.locator('.node.feature.inactive').count(), 4);

  for (let i = 0; i < 3; i++) await page.click('[aria-label="Remove a hidden layer"]');
  state = await snapshot(page);
  assert.deepEqual(state.settings.hidden, []);
  assert.deepEqual(state.sizes, [3, 1], 'no hidden layer: a linear model');
  assert.ok(await page.locator('[aria-label="Remove a hidden layer"]').isDisabled());

  await page.click('#play');
  const trained = await waitFor(() => lossesOf(page), (l) => l.epoch >= 5, 30_000);
  assert.ok(trained.epoch >= 5);
  await finish(opened, 'layers');
});

test('a link reproduces the experiment: settings, data, initial weights and every training step', async () => {
  const first = await open('#dataset=xor&noise=20&seed=42&hidden=3,3&activation=relu&learningRate=0.1&features=x1,x2,x1x2');
  await first.page.selectOption('#setting-optimizer', 'momentum');
  await first.page.click('[aria-label="Add a hidden layer"]');
  await setSlider(first.page, '#setting-batchSize', 7);
  const link = first.page.url();
  assert.match(link, /optimizer=momentum/);
  assert.match(link, /hidden=3,3,2/);
  assert.match(link, /batchSize=7/);
  const original = await snapshot(first.page);
  for (let i = 0; i < 3; i++) await first.page.click('#step');
  const trained = await snapshot(first.page);
  assert.equal(trained.epoch, 3);
  assert.notDeepEqual(trained.weights, original.initialWeights, 'three epochs change the weights');

  const second = await open(new URL(link).hash);
  const reopened = await snapshot(second.page);
  assert.deepEqual(reopened.settings, original.settings);
  assert.deepEqual(reopened.firstPoints, original.firstPoints);
  assert.deepEqual(reopened.initialWeights, original.initialWeights);
  for (let i = 0; i < 3; i++) await second.page.click('#step');
  const retrained = await snapshot(second.page);
  assert.deepEqual(retrained.losses, trained.losses);
  assert.deepEqual(retrained.weights, trained.weights);

  // The reset button goes back to the same start; another seed is another experiment.
  await second.page.click('#reset');
  assert.deepEqual((await snapshot(second.page)).weights, original.initialWeights);
  const other = await open(new URL(link).hash.replace('seed=42', 'seed=43'));
  const otherState = await snapshot(other.page);
  assert.notDeepEqual(otherState.initialWeights, original.initialWeights);
  assert.notDeepEqual(otherState.firstPoints, original.firstPoints);

  // Values a link cannot hold are reported and left at their defaults.
  const bad = await open('#hidden=4,99&activation=nope&noise=10');
  const badState = await snapshot(bad.page);
  assert.deepEqual(badState.settings.hidden, [4, 2]);
  assert.equal(badState.settings.activation, 'tanh');
  assert.equal(badState.settings.noise, 10);
  const notice = await bad.page.locator('#notice').innerText();
  assert.match(notice, /hidden=4,99 ignored: expected up to 6 comma-separated integers from 1 to 8/);
  assert.match(notice, /activation=nope ignored/);
  for (const opened of [first, second, other, bad]) await finish(opened);
});

test("the data and optimizer menus are the library's registry and factory; links that spell a set the old way still open it", async () => {
  const opened = await open();
  const { page } = opened;
  const tiles = await page.locator('.tile[data-dataset]').evaluateAll((tiles) => tiles.map((t) => (t as HTMLElement).dataset.dataset));
  assert.deepEqual(tiles.filter((name) => name !== 'csv').sort(), [...data.syntheticDatasetNames].sort());
  const optimizers = await page.locator('#setting-optimizer option').evaluateAll((options) => options.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
  assert.deepEqual(optimizers, optim.optimizerNames.map((name) => [name, optim.optimizerChoices[name].label]));
  await finish(opened);

  // Before the registry the page wrote multiSpiral and multiGaussian: such a link draws the same
  // points as the library does for the set's registry name and size.
  for (const [old, name] of [['multiSpiral', 'multi-spiral'], ['multiGaussian', 'multi-gaussian']] as const) {
    const legacy = await open(`#dataset=${old}&classes=4&seed=5&trainPercent=50`);
    const state = await snapshot(legacy.page);
    assert.equal(state.settings.dataset, name);
    assert.equal(await legacy.page.locator('#notice').innerText(), '');
    const generator = new Generator(5);
    const expected = data.trainTestSplit(data.drawSyntheticDataset(name, generator, { classes: 4 }), 0.5, generator);
    assert.deepEqual(state.firstPoints, Array.from(expected.train.x.data.slice(0, 10)));
    assert.equal(state.trainCount + state.testCount, data.syntheticDatasets[name].samples);
    await finish(legacy);
  }
});

test('L1 and L2 shrink the weights; the ratio and noise sliders draw the data again', async (t) => {
  const opened = await open('#dataset=gauss&hidden=4&learningRate=0.1');
  const { page } = opened;
  /** Σ|w| over the weights (not the biases) after 30 epochs from the start. */
  const weightsAfterTraining = async (): Promise<number> => {
    await page.click('#reset');
    return page.evaluate(() => {
      const playground = window.__playground;
      for (let epoch = 0; epoch < 30; epoch++) playground.step();
      return Object.entries(playground.training.parameterValues())
        .filter(([name]) => name.endsWith('weight'))
        .reduce((sum, [, values]) => sum + values.reduce((s, w) => s + Math.abs(w), 0), 0);
    });
  };
  const plain = await weightsAfterTraining();
  await page.selectOption('#setting-regularizationRate', '0.03');
  await page.selectOption('#setting-regularization', 'L2');
  assert.match((await snapshot(page)).hash, /regularization=L2&regularizationRate=0\.03/);
  const l2 = await weightsAfterTraining();
  await page.selectOption('#setting-regularization', 'L1');
  const l1 = await weightsAfterTraining();
  t.diagnostic(`Σ|w| after 30 epochs on two Gaussians: ${plain.toFixed(2)} without, ${l2.toFixed(2)} with L2, ${l1.toFixed(2)} with L1 (rate 0.03)`);
  assert.ok(l2 < 0.8 * plain && l1 < 0.8 * plain, `Σ|w| after 30 epochs: ${plain} without, ${l2} with L2, ${l1} with L1`);

  const before = await snapshot(page);
  assert.deepEqual([before.trainCount, before.testCount], [250, 250]);
  await setSlider(page, '#setting-trainPercent', 80);
  const split = await snapshot(page);
  assert.deepEqual([split.trainCount, split.testCount], [400, 100]);
  assert.match(split.hash, /trainPercent=80/);
  assert.equal(await page.locator('label[for="setting-trainPercent"] .value').innerText(), '80%');
  await setSlider(page, '#setting-noise', 30);
  const noisy = await snapshot(page);
  assert.notDeepEqual(noisy.firstPoints, split.firstPoints);
  assert.match(noisy.hash, /noise=30/);
  await page.click('#regenerate');
  const regenerated = await snapshot(page);
  assert.notEqual(regenerated.settings.seed, noisy.settings.seed);
  assert.notDeepEqual(regenerated.firstPoints, noisy.firstPoints);
  assert.equal(await page.locator('#seed').innerText(), `seed ${regenerated.settings.seed}`);
  await finish(opened);
});

function blobsCsv(): string {
  const lines = ['x1,x2,label'];
  const centres = [[-3, -3], [3, -2], [0, 3]];
  for (let i = 0; i < 150; i++) {
    const k = i % 3;
    const angle = i * 2.399;
    const radius = 0.3 + ((i * 7) % 10) / 10;
    lines.push(`${(centres[k][0] + radius * Math.cos(angle)).toFixed(3)},${(centres[k][1] + radius * Math.sin(angle)).toFixed(3)},${['cat', 'dog', 'fox'][k]}`);
  }
  return `${lines.join('\n')}\n`;
}

test('a good CSV becomes the data set and trains; bad ones are refused with line and column', async () => {
  const opened = await open();
  const { page } = opened;
  const message = page.locator('#csv-message');
  /** Uploads a file and returns the message about it (the page reads files asynchronously). */
  const upload = async (name: string, text: string): Promise<string> => {
    await page.setInputFiles('#csv-file', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    return waitFor(() => message.innerText(), (shown) => shown.startsWith(name), 5_000, 50);
  };

  assert.equal(await upload('blobs.csv', blobsCsv()), 'blobs.csv: 150 points, 3 classes.');
  let state = await snapshot(page);
  assert.equal(state.settings.dataset, 'csv');
  assert.match(state.hash, /dataset=csv/);
  assert.equal(await page.locator('#problem-type').innerText(), 'Classification, 3 classes');
  assert.deepEqual(state.sizes, [2, 4, 2, 3]);
  await page.selectOption('#setting-optimizer', 'adam');
  await page.click('#play');
  const learned = await waitFor(() => lossesOf(page), (l) => l.test < 0.2, 20_000);
  assert.ok(learned.test < 0.2, `blobs: test loss ${learned.test} after ${learned.epoch} epochs`);
  await page.click('#play');
  await page.screenshot({ path: join(tmpdir(), 'pg-csv.png'), fullPage: true });

  const refused: [string, string, RegExp][] = [
    ['letters.csv', 'x1,x2,label\n1,2,0\n3,4,1\n5,abc,0\n7,8,1\n', /^letters\.csv, line 4, column 2: non-numeric value "abc" in column 'x2'$/],
    ['wide.csv', 'a,b,c,label\n1,2,3,0\n4,5,6,1\n7,8,9,0\n1,1,1,1\n', /^wide\.csv: expected 3 columns \(x₁, x₂, then the label\), found 4: 'a', 'b', 'c', 'label'$/],
    ['ragged.csv', 'x1,x2,label\n1,2,0\n3,4\n5,6,0\n7,8,1\n', /^ragged\.csv, line 3: ragged row: 2 fields, expected 3/],
    ['nan.csv', 'x1,x2,label\n1,2,0\n3,4,1\nnan,6,0\n7,8,1\n', /^nan\.csv, line 4, column 1: non-finite value "nan" in column 'x1'/],
    ['one-class.csv', 'x1,x2,label\n1,2,a\n3,4,a\n5,6,a\n7,8,a\n', /^one-class\.csv: only one class \('a'\) in column 'label'; classification needs at least two/],
    ['empty.csv', '', /^empty\.csv: the file is empty \(no rows\)$/],
  ];
  for (const [name, text, expected] of refused) {
    assert.match(await upload(name, text), expected);
    assert.ok(await message.evaluate((element) => element.classList.contains('error')));
    state = await snapshot(page);
    assert.equal(state.settings.dataset, 'csv', `${name} leaves the data set as it was`);
    assert.deepEqual(state.sizes, [2, 4, 2, 3]);
  }
  await page.screenshot({ path: join(tmpdir(), 'pg-csv-error.png'), fullPage: true });

  // A reload in the same tab finds the file again (the link itself cannot carry it).
  await page.reload();
  await page.waitForSelector('body[data-ready]');
  assert.equal((await snapshot(page)).settings.dataset, 'csv');
  assert.equal(await page.locator('#problem-type').innerText(), 'Classification, 3 classes');
  await finish(opened);
});

test('the hover card shows a weight and edits it', async () => {
  const opened = await open();
  const { page } = opened;
  const weight = () => page.evaluate(() => window.__playground.training.weight(0, 0, 0));
  // The middle of the link from x₁ to the first neuron, in page coordinates.
  const middle = await page.locator('.link-hit[data-layer="0"][data-from="0"][data-to="0"]').evaluate((path: SVGPathElement) => {
    const point = path.getPointAtLength(path.getTotalLength() / 2).matrixTransform(path.getScreenCTM()!);
    return { x: point.x, y: point.y };
  });
  await page.mouse.move(middle.x, middle.y);
  const card = page.locator('.hover-card');
  await card.waitFor({ state: 'visible' });
  assert.equal(await card.locator('.title').innerText(), 'WEIGHT');
  assert.equal(Number(await card.locator('input').inputValue()), Number((await weight()).toFixed(3)));
  await card.locator('input').fill('1.5');
  await card.locator('input').press('Enter');
  assert.equal(await weight(), 1.5);
  assert.equal(await card.locator('input').inputValue(), '1.500');
  await card.locator('input').fill('x');
  await card.locator('input').press('Enter');
  assert.equal(await card.locator('.error').innerText(), 'not a number');
  assert.equal(await weight(), 1.5);
  await card.locator('input').press('Escape');
  assert.ok(await card.isHidden(), 'Escape closes the card');

  await page.hover('.node.neuron[data-layer="1"][data-index="0"] .bias');
  assert.equal(await card.locator('.title').innerText(), 'BIAS');
  await card.locator('input').fill('-2');
  await card.locator('input').press('Enter');
  assert.equal(await page.evaluate(() => window.__playground.training.parameterValues()['0.bias'][0]), -2);
  await finish(opened, 'hover');
});

test('downloads: the model as safetensors in PyTorch layout, the figures as SVG and PNG', async () => {
  const opened = await open('#hidden=3');
  const { page } = opened;
  await page.click('#step');
  const save = async (label: string): Promise<Buffer> => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label, exact: true }).click()]);
    return readFileSync((await download.path())!);
  };
  const model = decodeSafetensors(new Uint8Array(await save('Model (.safetensors)')), 'model.safetensors');
  const weights = (await snapshot(page)).weights;
  assert.deepEqual([...model.tensors.keys()], ['0.weight', '0.bias', '2.weight', '2.bias']);
  assert.deepEqual(model.tensors.get('0.weight')!.shape, [3, 2], 'out × in, as torch.nn.Linear');
  const ours = weights['0.weight']; // in × out: [[w00, w01, w02], [w10, w11, w12]]
  assert.deepEqual(Array.from(model.tensors.get('0.weight')!.data), [ours[0], ours[3], ours[1], ours[4], ours[2], ours[5]]);
  assert.deepEqual(Array.from(model.tensors.get('2.bias')!.data), weights['2.bias']);
  assert.equal(model.metadata.sizes, '[2,3,1]');
  assert.deepEqual([model.metadata.format, model.metadata.layout, model.metadata.kind], ['pt', 'torch', 'weights'], 'the layout every file of the library states');
  assert.match(model.metadata.settings, /hidden=3&/);

  const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  for (const label of ['Output PNG', 'Loss PNG', 'f(x) PNG', 'f′(x) PNG']) {
    assert.deepEqual([...(await save(label)).subarray(0, 8)], PNG, label);
  }
  const outputSvg = (await save('Output SVG')).toString('utf8');
  assert.match(outputSvg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.equal(outputSvg.match(/<circle/g)?.length, 250, 'the 250 training points');
  assert.match((await save('Loss SVG')).toString('utf8'), />test loss</);
  assert.match((await save('f′(x) SVG')).toString('utf8'), />grad of tanh\(x\)</);
  await finish(opened);
});

test('no page logged an error', () => {
  assert.ok(pages.length >= 8);
  for (const { errors } of pages) assert.deepEqual(errors, []);
});
