/** `perceptron train`, `eval` and `predict`: flags → a Recipe → library calls (src/train/recipe.ts). */
import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { noGrad } from '../../autograd/tape.js';
import { DataLoader, TensorDataset, syntheticDatasetNames, syntheticDatasets, type SyntheticDatasetName } from '../../data/index.js';
import { DatasetError } from '../../data/errors.js';
import { ArgumentError } from '../../errors.js';
import { DEFAULT_MOMENTUM, optimizerChoices, optimizerNames } from '../../optim/index.js';
import {
  D2L_RECIPE, DATASET_NAMES, DEFAULT_RECIPE, ProgressReporter, checkRecipe, evaluate, loadCheckpoint, loadRecipeData,
  lossFor, predictLabels, predictionGrid, rSquared, runRecipe, trainingCurves, type Recipe, type TrainingResult,
} from '../../train/index.js';
import { checkNetworkSize, countUpTo, labelColumn, MAX_SAMPLES, numberIn, openFraction, seed } from '../flag-ranges.js';
import { checkCheckpointOut, checkWritable } from '../output-paths.js';
import { checkDatasetUnchanged, pinDatasetFile } from '../dataset-file.js';
import { checkResumeFlags, extensionNote } from '../resume-check.js';
import { addModelFileOptions, checkModelFitsData, openModelFile, type ModelFileFlags } from '../model-file-flags.js';
import { parseNumber, UsageError } from '../usage-error.js';

export interface TrainFlags {
  dataset: string; dataPath?: string; download: boolean; samples?: string; noise?: string; testFraction?: string;
  labelColumn?: string; task?: 'classification' | 'regression';
  hidden?: string; activation?: string; init?: string; dropout?: string; optimizer?: Recipe['optimizer'];
  lr?: string; momentum?: string; weightDecay?: string; schedule?: Recipe['schedule']; batchSize?: string; epochs?: string;
  seed?: string; autocast?: 'bfloat16' | 'bf16'; recipe: 'default' | 'd2l'; out?: string; force?: boolean; resume?: string; curves?: string; json?: boolean; quiet?: boolean;
}

function positiveInteger(option: string, value: string): number {
  const n = parseNumber(option, value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${option} expects a positive integer, got '${value}'`);
  return n;
}

/** The recipe the flags describe: a named base recipe with every given flag on top. */
export function recipeFromFlags(flags: TrainFlags): Recipe {
  const base = flags.recipe === 'd2l' ? D2L_RECIPE : DEFAULT_RECIPE;
  const hidden = flags.hidden === undefined ? base.hidden
    : flags.hidden.trim() === '' ? [] : flags.hidden.split(',').map((h) => positiveInteger('--hidden', h.trim()));
  checkNetworkSize('--hidden', hidden);
  const optional = <T>(value: string | undefined, parse: (v: string) => T, fallback: T): T => (value === undefined ? fallback : parse(value));
  return {
    ...base,
    dataset: flags.dataset,
    dataPath: flags.dataPath,
    download: flags.download,
    samples: optional(flags.samples, (v) => countUpTo('--samples', v, MAX_SAMPLES), undefined),
    noise: optional(flags.noise, (v) => numberIn('--noise', v, 0, 0.5), undefined),
    testFraction: optional(flags.testFraction, (v) => openFraction('--test-fraction', v), undefined),
    labelColumn: flags.labelColumn === undefined ? undefined : labelColumn(flags.labelColumn),
    task: flags.task,
    hidden,
    activation: flags.activation ?? base.activation,
    init: flags.init ?? base.init,
    dropout: optional(flags.dropout, (v) => parseNumber('--dropout', v), base.dropout),
    optimizer: flags.optimizer ?? base.optimizer,
    lr: optional(flags.lr, (v) => parseNumber('--lr', v), base.lr),
    momentum: optional(flags.momentum, (v) => parseNumber('--momentum', v), base.momentum),
    weightDecay: optional(flags.weightDecay, (v) => parseNumber('--weight-decay', v), base.weightDecay),
    schedule: flags.schedule ?? base.schedule,
    batchSize: optional(flags.batchSize, (v) => positiveInteger('--batch-size', v), base.batchSize),
    epochs: optional(flags.epochs, (v) => positiveInteger('--epochs', v), base.epochs),
    seed: optional(flags.seed, (v) => seed('--seed', v), base.seed),
    // 'bf16' is the usual short name; the recipe keeps autocast's own.
    autocast: flags.autocast === undefined ? base.autocast : 'bfloat16',
  };
}

/** The final line of --json: what a script needs to judge the run. */
export function summaryJson(result: TrainingResult): Record<string, unknown> {
  return {
    dataset: result.recipe.dataset,
    task: result.data.task,
    testAccuracy: result.testAccuracy ?? null,
    testLoss: result.testLoss,
    testR2: result.testR2 ?? null,
    trainLoss: result.trainLoss,
    epochs: result.history.epochs.length,
    samplesPerSecond: Math.round(result.samplesPerSecond),
    seconds: Number(result.seconds.toFixed(2)),
  };
}

function describeRecipe(r: Recipe): string {
  const layers = ['in', ...r.hidden, 'out'].join('-');
  return `MLP ${layers}, ${r.activation}, init ${r.init}${r.dropout ? `, dropout ${r.dropout}` : ''}; ${r.optimizer} lr ${r.lr}` +
    `${r.weightDecay ? ` wd ${r.weightDecay}` : ''}, ${r.schedule} schedule; batch ${r.batchSize}, ${r.epochs} epochs, seed ${r.seed}` +
    `${r.autocast ? `; ${r.autocast} products (autocast)` : ''}`;
}

/**
 * `given(flag)`: whether the command line gave the flag (not its default); --resume refuses
 * recipe flags that differ from the checkpoint's.
 */
export async function trainCommand(
  flags: TrainFlags, log: (line: string) => void = console.log, given: (flag: string) => boolean = () => false,
): Promise<TrainingResult> {
  const recipe = pinDatasetFile(recipeFromFlags(flags));
  try {
    checkRecipe(recipe);
  } catch (error) {
    // A value the flags gave that training would refuse: a usage error, found before any data is read.
    if (error instanceof ArgumentError) throw new UsageError(error.message);
    throw error;
  }
  if (!DATASET_NAMES.includes(recipe.dataset) && !existsSync(recipe.dataset)) {
    throw new UsageError(`--dataset: '${recipe.dataset}' is neither ${DATASET_NAMES.join(', ')} nor an existing CSV file`);
  }
  // A resumed run saves back to its checkpoint unless --out names another file.
  const out = flags.out ?? flags.resume;
  if (out) checkCheckpointOut(out, { '--dataset': recipe.dataset, '--resume': flags.resume }, flags.force ?? false);
  if (flags.curves) checkWritable('--curves', flags.curves);
  const resume = flags.resume ? await loadCheckpoint(flags.resume) : undefined;
  if (resume && flags.resume) {
    checkResumeFlags(recipe, resume.config.recipe as Recipe, given, flags.resume);
    checkDatasetUnchanged(resume.config.recipe as Recipe);
  }
  if (resume && resume.epoch >= recipe.epochs) {
    throw new UsageError(`${flags.resume} already has ${resume.epoch} epochs; pass --epochs greater than that to continue`);
  }
  const progress = flags.quiet ? undefined : new ProgressReporter(recipe.epochs);
  if (!flags.quiet) log(resume ? `Resuming ${flags.resume} at epoch ${resume.epoch + 1}` : describeRecipe(recipe));
  if (resume && !flags.quiet) {
    const note = extensionNote(resume.config.recipe as Recipe, resume.epoch, recipe.epochs);
    if (note) log(note);
  }
  const result = await runRecipe(recipe, {
    resume,
    checkpointPath: out,
    onBatch: progress && ((e) => progress.batch(e)),
    onEpochEnd: progress && ((r) => progress.epoch(r)),
  });
  if (!flags.quiet) {
    log(`Data: ${result.data.description}`);
    const score = result.testAccuracy !== undefined ? `test accuracy ${result.testAccuracy.toFixed(4)}` : `test R² ${result.testR2?.toFixed(4)}`;
    log(`Trained in ${result.seconds.toFixed(1)} s: ${score}, train loss ${result.trainLoss.toFixed(4)}, ${Math.round(result.samplesPerSecond).toLocaleString('en-US')} samples/s`);
    if (out) log(`Checkpoint: ${out}`);
  }
  if (flags.curves) {
    await trainingCurves(result.history).save(flags.curves);
    if (!flags.quiet) log(`Training curves: ${flags.curves}`);
  }
  if (flags.json) log(JSON.stringify(summaryJson(result)));
  return result;
}

const datasetHelp = `${DATASET_NAMES.join(', ')}, or a CSV file`;
const defaultsOf = (value: (name: SyntheticDatasetName) => number) => syntheticDatasetNames.map((name) => `${name} ${value(name)}`).join(', ');
const samplesHelp = `synthetic sets: number of points (${defaultsOf((name) => syntheticDatasets[name].samples)})`;
const noiseHelp = `synthetic sets: noise, 0 to 0.5 (${defaultsOf((name) => syntheticDatasets[name].noise)})`;
const optimizerHelp = `optimizer: ${optimizerNames.map((name) => `${name} (${optimizerChoices[name].label})`).join(', ')}`;

/** The flags that describe a recipe: `train`'s, and `export --format torch-script`'s, which writes a recipe as a PyTorch script. */
export function addRecipeOptions(command: Command): Command {
  return command
    .option('--dataset <name|file.csv>', datasetHelp, 'fashion-mnist')
    .option('--data-path <dir>', 'folder with the IDX files of (Fashion-)MNIST')
    .option('--no-download', 'never download data sets')
    .option('--samples <n>', samplesHelp)
    .option('--noise <x>', noiseHelp)
    .option('--test-fraction <x>', 'synthetic and CSV data: fraction held out for testing (0.2)')
    .option('--label-column <name|index>', 'CSV: the label column (default: the last)')
    .addOption(new Option('--task <task>', 'CSV: classification or regression (default: guessed)').choices(['classification', 'regression']))
    .addOption(new Option('--recipe <name>', "base recipe the other flags modify: default, or d2l (the book's SGD recipe)").choices(['default', 'd2l']).default('default'))
    .option('--hidden <sizes>', "hidden layer widths, comma separated (e.g. 512,256; '' for none)")
    .option('--activation <name>', "activation between layers (see 'perceptron activations')")
    .option('--init <spec>', 'weight init: normal:0.01, xavier, kaiming, pytorch, …')
    .option('--dropout <p>', 'dropout after each hidden layer')
    .addOption(new Option('--optimizer <name>', optimizerHelp).choices(optimizerNames))
    .option('--lr <x>', 'learning rate')
    .option('--momentum <x>', `momentum for momentum/nesterov (${DEFAULT_MOMENTUM})`)
    .option('--weight-decay <x>', 'L2 weight decay')
    .addOption(new Option('--schedule <name>', 'learning-rate schedule over epochs').choices(['constant', 'step', 'cosine']))
    .option('--batch-size <n>', 'examples per step')
    .option('--epochs <n>', 'passes over the training data')
    .option('--seed <n>', 'seed for init, shuffling, dropout and synthetic data')
    .addOption(new Option('--autocast <dtype>', 'matrix products in bfloat16 (bf16), float32 weights and sums: about 2× faster where the CPU has AVX512_BF16').choices(['bfloat16', 'bf16']));
}

export function registerTrain(program: Command): void {
  addRecipeOptions(program
    .command('train')
    .description('train an MLP and report its test accuracy (default: Fashion-MNIST, 784-512-256-10, dropout 0.2, Adam lr 2e-3, batch 256, cosine schedule, 20 epochs)'))
    .option('--out <file.safetensors>', 'save a checkpoint after every epoch (atomically)')
    .option('--force', '--out may replace an existing file that is not a checkpoint')
    .option('--resume <file.safetensors>', 'continue the run saved in this checkpoint up to --epochs')
    .option('--curves <file.svg|png>', 'draw the training curves')
    .option('--json', 'print a final JSON line: testAccuracy, trainLoss, epochs, samplesPerSecond, seconds')
    .option('--quiet', 'print nothing but the --json line')
    .action(async (flags: TrainFlags, command: Command) => {
      const optionName = (flag: string) => flag.slice(2).replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
      await trainCommand(flags, console.log, (flag) => command.getOptionValueSource(optionName(flag)) === 'cli');
    });

  addModelFileOptions(program
    .command('eval')
    .description('evaluate a checkpoint, or a weights-only file (export --format torch, PyTorch), on the test split of its data')
    .argument('<checkpoint>', 'a .safetensors checkpoint written by perceptron train, or a weights-only file')
    .option('--data-path <dir>', 'folder with the IDX files of (Fashion-)MNIST')
    .option('--json', 'print the result as JSON'))
    .action(async (path: string, flags: ModelFileFlags & { dataPath?: string; json?: boolean }) => {
      const file = await openModelFile(path, flags);
      const { model, recipe, checkpoint } = file;
      checkDatasetUnchanged(recipe);
      const data = await loadRecipeData({ ...recipe, dataPath: flags.dataPath ?? recipe.dataPath });
      checkModelFitsData(path, file, data);
      const loss = lossFor(data.task);
      const result = evaluate(model, new DataLoader(new TensorDataset(data.test.x, data.test.y), { batchSize: 1024 }), { loss, task: data.task });
      const summary = { checkpoint: path, epochs: checkpoint?.epoch ?? null, testLoss: result.loss, testAccuracy: result.accuracy ?? null,
        testR2: data.task === 'regression' ? rSquared(model, data.test) : null, samples: result.samples };
      if (flags.json) console.log(JSON.stringify(summary));
      else console.log(`${path} (${checkpoint ? `${checkpoint.epoch} epochs` : `weights only, ${file.widths.join('-')} ${recipe.activation}`}) on ${data.description}: test loss ${result.loss.toFixed(4)}` +
        (result.accuracy !== undefined ? `, test accuracy ${result.accuracy.toFixed(4)}` : `, test R² ${summary.testR2?.toFixed(4)}`));
    });

  addModelFileOptions(program
    .command('predict')
    .description('show the predictions of a checkpoint or weights-only file on the first test examples (and draw them, for images)')
    .argument('<checkpoint>', 'a .safetensors checkpoint written by perceptron train, or a weights-only file')
    .option('--count <n>', 'how many examples', '10')
    .option('--out <file.svg|png>', 'draw the images with true and predicted labels (image data sets)')
    .option('--json', 'print one JSON line instead: the true and predicted labels (values, for regression)')
    .option('--data-path <dir>', 'folder with the IDX files of (Fashion-)MNIST'))
    .action(async (path: string, flags: ModelFileFlags & { count: string; out?: string; json?: boolean; dataPath?: string }) => {
      const count = positiveInteger('--count', flags.count);
      const file = await openModelFile(path, flags);
      const { model, recipe } = file;
      checkDatasetUnchanged(recipe);
      const data = await loadRecipeData({ ...recipe, dataPath: flags.dataPath ?? recipe.dataPath });
      checkModelFitsData(path, file, data);
      const n = Math.min(count, data.test.x.shape[0]);
      const x = data.test.x.slice(0, 0, n);
      const y = data.test.y.slice(0, 0, n);
      if (data.task === 'regression') {
        model.eval();
        const output = noGrad(() => model.call(x));
        if (flags.json) return console.log(JSON.stringify({ file: path, true: Array.from(y.data), predicted: Array.from(output.data) }));
        for (let i = 0; i < n; i++) console.log(`${i}: true ${y.data[i].toFixed(4)}  predicted ${output.data[i].toFixed(4)}`);
        return;
      }
      const predicted = predictLabels(model, x);
      if (flags.json) return console.log(JSON.stringify({ file: path, true: Array.from(y.data), predicted: Array.from(predicted.data) }));
      const name = (k: number) => data.classNames?.[k] ?? String(k);
      for (let i = 0; i < n; i++) {
        const ok = predicted.data[i] === y.data[i];
        console.log(`${i}: true ${name(y.data[i])}  predicted ${name(predicted.data[i])}${ok ? '' : '  ✗'}`);
      }
      if (flags.out) {
        if (!data.imageSide) throw new DatasetError(`--out draws images, but ${recipe.dataset} is not an image data set`);
        await predictionGrid(x, y, predicted, data.classNames ?? [], { count: n }).save(flags.out);
        console.log(`wrote ${flags.out}`);
      }
    });
}
