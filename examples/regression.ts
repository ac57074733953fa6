/**
 * The chapter's last sentence: "for regression, set the output size to 1 and use the squared loss".
 * An MLP with one output learns TensorFlow Playground's multi-gaussian surface with the book's
 * squared loss (ŷ − y)²/2, and we report R² on held-out points.
 * Run: node dist/examples/regression.js
 */
import { data, manualSeed, nn, optim, train } from '../src/index.js';

manualSeed(0);
const points = data.multiGaussian(1200, 0);                       // x: (1200, 2), y: (1200, 1)
const { train: trainSet, test: testSet } = data.trainTestSplit(points, 0.8);
const net = nn.mlp([2, 32, 32, 1]);                                // one output: a regression head
const squaredLoss = (yHat: Parameters<typeof nn.squaredLoss>[0], y: Parameters<typeof nn.squaredLoss>[1]) => nn.squaredLoss(yHat, y);

const history = await train.fit(net, new data.DataLoader(new data.TensorDataset(trainSet.x, trainSet.y), { batchSize: 32, shuffle: true }), {
  loss: squaredLoss,
  optimizer: new optim.Adam(net.parameters(), { lr: 0.01 }),
  epochs: 100,
  task: 'regression',
});
const r2 = train.rSquared(net, testSet);
console.log(`final train loss ${history.epochs.at(-1)!.trainLoss.toFixed(5)}, test R² ${r2.toFixed(4)}`);
