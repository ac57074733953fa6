/**
 * D2L §3.9 "多层感知机的从零开始实现" (an MLP from scratch), line by line: parameters as tensors
 * with attached gradients, ReLU as nd.maximum, the book's sgd. Needs Fashion-MNIST
 * (`apt-get install dataset-fashion-mnist`, or PERCEPTRON_DATA, or a download).
 * Run: node dist/examples/mlp-scratch.js [epochs]
 */
import { nd, nn, type Tensor } from '../src/index.js';
import { loadDataFashionMnist, trainCh3 } from './d2l.js';

// batch_size = 256
// train_iter, test_iter = d2l.load_data_fashion_mnist(batch_size)
const batchSize = 256;
const { trainIter, testIter } = await loadDataFashionMnist(batchSize);

// num_inputs, num_outputs, num_hiddens = 784, 10, 256
// W1 = nd.random.normal(scale=0.01, shape=(num_inputs, num_hiddens)); b1 = nd.zeros(num_hiddens)
// W2 = nd.random.normal(scale=0.01, shape=(num_hiddens, num_outputs)); b2 = nd.zeros(num_outputs)
// params = [W1, b1, W2, b2]
// for param in params: param.attach_grad()
const [numInputs, numOutputs, numHiddens] = [784, 10, 256];
const W1 = nd.random.normal({ scale: 0.01, shape: [numInputs, numHiddens] });
const b1 = nd.zeros(numHiddens);
const W2 = nd.random.normal({ scale: 0.01, shape: [numHiddens, numOutputs] });
const b2 = nd.zeros(numOutputs);
const params = [W1, b1, W2, b2];
for (const param of params) param.attachGrad();

// def relu(X): return nd.maximum(X, 0)
const relu = (X: Tensor): Tensor => nd.maximum(X, 0);

// def net(X):
//     X = X.reshape((-1, num_inputs))
//     H = relu(nd.dot(X, W1) + b1)
//     return nd.dot(H, W2) + b2
function net(X: Tensor): Tensor {
  X = X.reshape(-1, numInputs);
  const H = relu(nd.dot(X, W1).add(b1));
  return nd.dot(H, W2).add(b2);
}

// loss = gloss.SoftmaxCrossEntropyLoss()   (one value per example; train_ch3 sums them)
const loss = (yHat: Tensor, y: Tensor): Tensor => nn.softmaxCrossEntropy(yHat, y, { reduction: 'none' });

// num_epochs, lr = 5, 0.5
// d2l.train_ch3(net, train_iter, test_iter, loss, num_epochs, batch_size, params, lr)
const numEpochs = Number(process.argv[2] ?? 5);
const lr = 0.5;
trainCh3(net, trainIter, testIter, loss, numEpochs, batchSize, params, lr);
