/**
 * The D2L chapter "多层感知机" (Multilayer perceptrons, MXNet edition; ../shared/seed/mlp-chapter.md),
 * cell by cell in TypeScript. Each block below is one code cell of the chapter; the comments quote
 * the Python it replaces. Run it with `perceptron chapter --out DIR` or `node dist/examples/chapter.js DIR`.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { autograd, Generator, nd, normal, type Tensor } from '../src/index.js';
import { mlpDiagram, setFigsize, xyplot, type Figure } from '../src/plot/index.js';

export interface ChapterResult {
  files: string[];
  /** max |(X·W_h + b_h)·W_o + b_o − (X·(W_h·W_o) + (b_h·W_o + b_o))| in float64. */
  affineCollapseError: number;
  /** The same difference with ReLU applied to the hidden layer: far from zero. */
  reluDifference: number;
  /** Derivatives at 0 computed by autograd. */
  gradientsAtZero: { sigmoid: number; tanh: number; relu: number };
}

export async function reproduceChapter(outDir: string, log: (line: string) => void = console.log): Promise<ChapterResult> {
  const files: string[] = [];
  const save = async (figure: Figure, name: string): Promise<void> => {
    for (const extension of ['svg', 'png']) {
      const path = join(outDir, `${name}.${extension}`);
      await figure.save(path);
      files.push(path);
    }
    log(`  wrote ${join(outDir, name)}.svg and .png`);
  };

  // 图3.3: an MLP with 4 inputs, a hidden layer of 5 units and 3 outputs.
  await save(mlpDiagram([4, 5, 3]), 'mlp');

  // def xyplot(x_vals, y_vals, name):
  //     d2l.set_figsize(figsize=(5, 2.5)); plt.plot(x, y); plt.xlabel('x'); plt.ylabel(name + '(x)')
  setFigsize([5, 2.5]);

  // x = nd.arange(-8.0, 8.0, 0.1)
  // x.attach_grad()
  // with autograd.record():
  //     y = x.relu()
  // xyplot(x, y, 'relu')
  const x = nd.arange(-8.0, 8.0, 0.1);
  x.attachGrad();
  let y = autograd.record(() => x.relu());
  await save(xyplot(x, y, 'relu'), 'relu');

  // y.backward()
  // xyplot(x, x.grad, 'grad of relu')
  y.backward();
  await save(xyplot(x, x.grad!, 'grad of relu'), 'relu-grad');

  // with autograd.record():
  //     y = x.sigmoid()
  // xyplot(x, y, 'sigmoid')
  y = autograd.record(() => x.sigmoid());
  await save(xyplot(x, y, 'sigmoid'), 'sigmoid');

  // y.backward()
  // xyplot(x, x.grad, 'grad of sigmoid')
  y.backward();
  await save(xyplot(x, x.grad!, 'grad of sigmoid'), 'sigmoid-grad');

  // with autograd.record():
  //     y = x.tanh()
  // xyplot(x, y, 'tanh')
  y = autograd.record(() => x.tanh());
  await save(xyplot(x, y, 'tanh'), 'tanh');

  // y.backward()
  // xyplot(x, x.grad, 'grad of tanh')
  y.backward();
  await save(xyplot(x, x.grad!, 'grad of tanh'), 'tanh-grad');

  // The chapter's claim, checked with numbers: O = (X·W_h + b_h)·W_o + b_o = X·W_h·W_o + b_h·W_o + b_o,
  // a single affine layer with weight W_h·W_o and bias b_h·W_o + b_o.
  const generator = new Generator(2024);
  const draw = (...shape: number[]): Tensor => normal(shape, { dtype: 'float64', generator });
  const [n, d, h, q] = [8, 4, 5, 3];
  const [X, Wh, bh, Wo, bo] = [draw(n, d), draw(d, h), draw(1, h), draw(h, q), draw(1, q)];
  const twoLayers = X.dot(Wh).add(bh).dot(Wo).add(bo);
  const oneLayer = X.dot(Wh.dot(Wo)).add(bh.dot(Wo).add(bo));
  const affineCollapseError = twoLayers.sub(oneLayer).abs().max().item();
  const withRelu = X.dot(Wh).add(bh).relu().dot(Wo).add(bo);
  const reluDifference = withRelu.sub(oneLayer).abs().max().item();
  log(`Two affine layers collapse into one (X ${n}×${d}, W_h ${d}×${h}, W_o ${h}×${q}, float64, seed 2024):`);
  log(`  max |(X·W_h + b_h)·W_o + b_o − (X·(W_h·W_o) + (b_h·W_o + b_o))| = ${affineCollapseError.toExponential(2)}  (rounding only)`);
  log(`  with ReLU on the hidden layer the same difference is ${reluDifference.toFixed(3)}  (no longer one affine map)`);

  // 当输入为0时，sigmoid函数的导数达到最大值0.25 … tanh函数的导数达到最大值1 … ReLU 的导数取 0.
  const derivativeAtZero = (name: 'sigmoid' | 'tanh' | 'relu'): number => {
    const zero = nd.array([0]);
    zero.attachGrad();
    autograd.record(() => zero.activation(name)).backward();
    return zero.grad!.item();
  };
  const gradientsAtZero = { sigmoid: derivativeAtZero('sigmoid'), tanh: derivativeAtZero('tanh'), relu: derivativeAtZero('relu') };
  log(`Derivatives at 0 by autograd: sigmoid′(0) = ${gradientsAtZero.sigmoid}, tanh′(0) = ${gradientsAtZero.tanh}, relu′(0) = ${gradientsAtZero.relu}`);
  return { files, affineCollapseError, reluDifference, gradientsAtZero };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await reproduceChapter(process.argv[2] ?? 'out/chapter');
}
