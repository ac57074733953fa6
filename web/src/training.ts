/**
 * The network and its training, all library calls: nn.mlp builds the network, an optimizer from
 * optim updates it, a DataLoader deals the batches, the loss comes from nn's losses. Training runs
 * in slices (runFor) so that the page can redraw between them and never freezes.
 *
 * The output layer and loss follow the problem: two classes → one logit and binary cross-entropy
 * (the logit's sign is the class); three or more → one logit per class and softmax cross-entropy;
 * regression → one output and the mean squared error.
 */
import { data, Generator, nn, noGrad, optim, type Tensor } from 'perceptron';
import { featureMatrix, type Problem } from './problem.js';
import type { Settings } from './settings.js';

/** What a new network is built from (the settings with effect 'network' and the problem). */
export type NetworkSettings = Pick<Settings, 'features' | 'hidden' | 'activation' | 'seed'>;
/** What the running training reads at every batch (effect 'training'). */
export type TrainingSettings = Pick<Settings, 'learningRate' | 'optimizer' | 'regularization' | 'regularizationRate' | 'batchSize'>;

/** Which generator draws what: the data uses `seed` itself (problem.ts), the weights and batches the next two. */
const WEIGHTS_STREAM = 1;
const BATCH_STREAM = 2;

/** The optimizer the settings name, from the library's factory (the page's penalty stands in for weight decay). */
const makeOptimizer = (parameters: Tensor[], settings: TrainingSettings): optim.Optimizer =>
  optim.makeOptimizer(settings.optimizer, parameters, { lr: settings.learningRate });

export interface Losses {
  train: number;
  test: number;
}

export class Training {
  readonly model: nn.Sequential;
  /** The Linear layers in order; layer l maps layer l's nodes to layer l + 1's. */
  readonly layers: nn.Linear[];
  /** Widths of every layer of nodes: features, hidden…, outputs. */
  readonly sizes: number[];
  readonly problem: Problem;
  /** Completed passes over the training points. */
  epoch = 0;
  /** Losses after each completed epoch, the first entry before any training. */
  readonly history: Losses[] = [];

  readonly #features: readonly string[];
  readonly #train: { x: Tensor; y: Tensor };
  readonly #test: { x: Tensor; y: Tensor };
  readonly #batchGenerator: Generator;
  #settings: TrainingSettings;
  #optimizer: optim.Optimizer;
  #loader: data.DataLoader;
  #batches: Iterator<[Tensor, Tensor]> | null = null;

  constructor(problem: Problem, network: NetworkSettings, settings: TrainingSettings) {
    this.problem = problem;
    this.#features = network.features;
    const outputs = problem.task === 'regression' || problem.classNames.length === 2 ? 1 : problem.classNames.length;
    this.sizes = [network.features.length, ...network.hidden, outputs];
    this.model = nn.mlp(this.sizes, { activation: network.activation, generator: new Generator(network.seed + WEIGHTS_STREAM) });
    this.layers = this.model.children().filter((m): m is nn.Linear => m instanceof nn.Linear);
    this.#train = { x: featureMatrix(problem.train.x, network.features), y: this.#targets(problem.train.y) };
    this.#test = { x: featureMatrix(problem.test.x, network.features), y: this.#targets(problem.test.y) };
    this.#batchGenerator = new Generator(network.seed + BATCH_STREAM);
    this.#settings = settings;
    this.#optimizer = makeOptimizer(this.model.parameters(), settings);
    this.#loader = this.#makeLoader();
    this.history.push(this.losses());
  }

  /** The targets as the loss wants them: float (N, 1) for one output, int32 classes otherwise. */
  #targets(y: Tensor): Tensor {
    return this.sizes.at(-1) === 1 && this.problem.task === 'classification' ? y.astype('float32').reshape([-1, 1]) : y;
  }

  #makeLoader(): data.DataLoader {
    const dataset = new data.TensorDataset(this.#train.x, this.#train.y);
    return new data.DataLoader(dataset, { batchSize: this.#settings.batchSize, shuffle: true, generator: this.#batchGenerator });
  }

  /** The loss of the network's outputs (logits, or values) against targets. */
  #dataLoss(outputs: Tensor, targets: Tensor): Tensor {
    if (this.problem.task === 'regression') return nn.mseLoss(outputs, targets);
    if (this.sizes.at(-1) === 1) return nn.binaryCrossEntropyWithLogits(outputs, targets);
    return nn.softmaxCrossEntropy(outputs, targets);
  }

  /** The weight penalty: rate·Σ|w| (L1) or rate·Σw²/2 (L2), over the weights but not the biases. */
  #penalty(): Tensor | null {
    const { regularization, regularizationRate } = this.#settings;
    if (regularization === 'none' || regularizationRate === 0) return null;
    const terms = this.layers.map((layer) => (regularization === 'L1' ? layer.weight.abs().sum() : layer.weight.square().sum().div(2)));
    return terms.reduce((total, term) => total.add(term)).mul(regularizationRate);
  }

  /** Applies changed training settings: a new optimizer for a new kind, a new loader for a new batch size. */
  update(settings: TrainingSettings): void {
    const previous = this.#settings;
    this.#settings = settings;
    if (settings.optimizer !== previous.optimizer) this.#optimizer = makeOptimizer(this.model.parameters(), settings);
    else for (const group of this.#optimizer.paramGroups) group.lr = settings.learningRate;
    if (settings.batchSize !== previous.batchSize) this.#loader = this.#makeLoader();
  }

  /** One minibatch step: forward, loss (+ penalty), backward, update. */
  #step(x: Tensor, y: Tensor): void {
    const dataLoss = this.#dataLoss(this.model.call(x), y);
    const penalty = this.#penalty();
    const loss = penalty ? dataLoss.add(penalty) : dataLoss;
    this.#optimizer.zeroGrad();
    loss.backward();
    this.#optimizer.step();
  }

  /**
   * Trains batch after batch until the current epoch is complete or `budgetMs` has passed (at least
   * one batch). Returns whether an epoch was completed (then its losses are in history).
   */
  runFor(budgetMs: number): boolean {
    const start = performance.now();
    do {
      this.#batches ??= this.#loader[Symbol.iterator]();
      const next = this.#batches.next();
      if (next.done) {
        this.#batches = null;
        this.epoch += 1;
        this.history.push(this.losses());
        return true;
      }
      this.#step(...next.value);
    } while (performance.now() - start < budgetMs);
    return false;
  }

  /** Finishes the current epoch, however long it takes (the Step button). */
  finishEpoch(): void {
    this.runFor(Infinity);
  }

  losses(): Losses {
    return noGrad(() => ({
      train: this.#dataLoss(this.model.call(this.#train.x), this.#train.y).item(),
      test: this.#test.x.shape[0] === 0 ? NaN : this.#dataLoss(this.model.call(this.#test.x), this.#test.y).item(),
    }));
  }

  /**
   * Every node's value at each point of `points` (N, 2): one (N, width) array per layer of nodes —
   * the features, each hidden layer after its activation, and the output shown on the page: 2σ(z) − 1
   * in [−1, 1] for two classes (+1: class 1), the softmax probabilities for more, the value for
   * regression.
   */
  nodeValues(points: Tensor): Float32Array[] {
    return noGrad(() => {
      let h = featureMatrix(points, this.#features);
      const values = [h.data as Float32Array];
      const modules = this.model.children();
      modules.forEach((module, i) => {
        h = module.call(h);
        const last = i === modules.length - 1;
        if (!last && module instanceof nn.Linear) return;
        const shown = !last || this.problem.task === 'regression' ? h : this.sizes.at(-1) === 1 ? h.sigmoid().mul(2).sub(1) : h.softmax(-1);
        values.push(Float32Array.from(shown.data as Float32Array));
      });
      return values;
    });
  }

  /** The weight from node `from` of layer `layer` to node `to` of the next layer (the in × out layout). */
  weight(layer: number, from: number, to: number): number {
    const linear = this.layers[layer];
    return (linear.weight.data as Float32Array)[from * linear.outFeatures + to];
  }

  setWeight(layer: number, from: number, to: number, value: number): void {
    const linear = this.layers[layer];
    (linear.weight.data as Float32Array)[from * linear.outFeatures + to] = value;
  }

  /** The bias of node `node` of layer `layer + 1` (the output of Linear `layer`). */
  bias(layer: number, node: number): number {
    return (this.layers[layer].bias!.data as Float32Array)[node];
  }

  setBias(layer: number, node: number, value: number): void {
    (this.layers[layer].bias!.data as Float32Array)[node] = value;
  }

  /** Every parameter's values by name ('0.weight', …), for the page's test hooks and the export. */
  parameterValues(): Record<string, number[]> {
    return Object.fromEntries(this.model.namedParameters().map(([name, p]) => [name, Array.from(p.data as Float32Array)]));
  }
}
