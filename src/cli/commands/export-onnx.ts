/**
 * `perceptron export <checkpoint> --format onnx --out model.onnx`: the trained model as ONNX
 * (src/io/onnx/export.ts: opset 20, float32, any batch size), for ONNX Runtime in Node, Python or
 * a browser (onnxruntime-web), or for perceptron's own fromOnnx.
 */
import { writeFileAtomically } from '../../io/atomic-file.js';
import { ONNX_OPSET, toOnnx } from '../../io/onnx/export.js';
import { loadTrainedModel } from '../../train/recipe.js';
import type { ExportFormat } from './export.js';

export const onnxFormat: ExportFormat = {
  description: `ONNX (opset ${ONNX_OPSET}, float32, any batch size) for ONNX Runtime, onnxruntime-web in browsers, or fromOnnx`,
  fromRecipe: false,
  async write(source, out) {
    const { model, checkpoint, recipe } = await loadTrainedModel(source.checkpoint!);
    const bytes = toOnnx(model);
    await writeFileAtomically(out, bytes);
    const config = checkpoint.config as { inputs: number; outputs: number };
    return [
      `Wrote ${out} (${bytes.length} bytes): the ${[config.inputs, ...recipe.hidden, config.outputs].join('-')} MLP (${recipe.activation}) ` +
        `of ${source.checkpoint} after ${checkpoint.epoch} epochs, as ONNX opset ${ONNX_OPSET}: ` +
        `input 'input' (batch, ${config.inputs}) → output 'output' (batch, ${config.outputs}).`,
    ];
  },
};
