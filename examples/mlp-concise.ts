/**
 * D2L §3.10 "多层感知机的简洁实现" (an MLP with layers): a Sequential of Linear(784 → 256), ReLU and
 * Linear(256 → 10), N(0, 0.01²) init, SGD with lr 0.5 on the summed loss over a batch of 256.
 * Run: node dist/examples/mlp-concise.js [epochs]
 */
import { nn, optim, type Tensor } from '../src/index.js';
import { loadDataFashionMnist, trainCh3 } from './d2l.js';

// net = nn.Sequential(); net.add(nn.Dense(256, activation='relu'), nn.Dense(10))
// net.initialize(init.Normal(sigma=0.01))
const net = new nn.Sequential(
  new nn.Linear(784, 256, { init: 'normal:0.01' }),
  new nn.ReLU(),
  new nn.Linear(256, 10, { init: 'normal:0.01' }),
);
console.log(String(net));

// batch_size = 256
// train_iter, test_iter = d2l.load_data_fashion_mnist(batch_size)
const batchSize = 256;
const { trainIter, testIter } = await loadDataFashionMnist(batchSize);

// loss = gloss.SoftmaxCrossEntropyLoss()
// trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.5})
// (Gluon's trainer.step(batch_size) divides the summed gradient by the batch size: SGD with lr 0.5/256.)
const loss = (yHat: Tensor, y: Tensor): Tensor => nn.softmaxCrossEntropy(yHat, y, { reduction: 'none' });
const trainer = new optim.SGD(net.parameters(), { lr: 0.5 / batchSize });

// num_epochs = 5
// d2l.train_ch3(net, train_iter, test_iter, loss, num_epochs, batch_size, None, None, trainer)
const numEpochs = Number(process.argv[2] ?? 5);
trainCh3((X) => net.call(X), trainIter, testIter, loss, numEpochs, batchSize, undefined, undefined, trainer);
