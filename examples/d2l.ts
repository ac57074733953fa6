/**
 * The few helpers of the book's `d2lzh` package that the MLP sections call, in TypeScript:
 * load_data_fashion_mnist, evaluate_accuracy and train_ch3. Each is a handful of library calls.
 */
import { autograd, data, noGrad, optim, type Tensor } from '../src/index.js';

export interface FashionMnistIters {
  trainIter: InstanceType<typeof data.DataLoader>;
  testIter: InstanceType<typeof data.DataLoader>;
  classNames: readonly string[];
}

/** d2l.load_data_fashion_mnist(batch_size): shuffled training batches, test batches, images as 784 values in [0, 1]. */
export async function loadDataFashionMnist(batchSize: number): Promise<FashionMnistIters> {
  const fashion = await data.fashionMnist();
  const flat = (images: Tensor) => images.reshape(-1, 784);
  return {
    trainIter: new data.DataLoader(new data.TensorDataset(flat(fashion.train.images), fashion.train.labels), { batchSize, shuffle: true }),
    testIter: new data.DataLoader(new data.TensorDataset(flat(fashion.test.images), fashion.test.labels), { batchSize }),
    classNames: fashion.classNames,
  };
}

type Net = (X: Tensor) => Tensor;

/** d2l.evaluate_accuracy(data_iter, net). */
export function evaluateAccuracy(dataIter: Iterable<[Tensor, Tensor]>, net: Net): number {
  let correct = 0;
  let n = 0;
  noGrad(() => {
    for (const [X, y] of dataIter) {
      correct += net(X).argmax(1).eq(y).sum().item();
      n += y.size;
    }
  });
  return correct / n;
}

/**
 * d2l.train_ch3: per minibatch, record the summed loss, backward, then either the book's sgd on
 * `params` (lr / batch_size scaling) or `trainer.step()`; print loss and accuracies per epoch.
 */
export function trainCh3(
  net: Net, trainIter: Iterable<[Tensor, Tensor]>, testIter: Iterable<[Tensor, Tensor]>,
  loss: (yHat: Tensor, y: Tensor) => Tensor, numEpochs: number, batchSize: number,
  params?: Tensor[], lr?: number, trainer?: { step(): void; zeroGrad(): void },
  log: (line: string) => void = console.log,
): { trainLoss: number; trainAcc: number; testAcc: number } {
  let last = { trainLoss: NaN, trainAcc: NaN, testAcc: NaN };
  for (let epoch = 0; epoch < numEpochs; epoch++) {
    let trainLossSum = 0;
    let trainAccSum = 0;
    let n = 0;
    for (const [X, y] of trainIter) {
      trainer?.zeroGrad();
      const [yHat, l] = autograd.record(() => {
        const out = net(X);
        return [out, loss(out, y).sum()] as const;
      });
      l.backward();
      if (trainer) trainer.step();
      else optim.sgd(params!, lr!, batchSize);
      trainLossSum += l.item();
      trainAccSum += noGrad(() => yHat.argmax(1).eq(y).sum().item());
      n += y.size;
    }
    last = { trainLoss: trainLossSum / n, trainAcc: trainAccSum / n, testAcc: evaluateAccuracy(testIter, net) };
    log(`epoch ${epoch + 1}, loss ${last.trainLoss.toFixed(4)}, train acc ${last.trainAcc.toFixed(3)}, test acc ${last.testAcc.toFixed(3)}`);
  }
  return last;
}
