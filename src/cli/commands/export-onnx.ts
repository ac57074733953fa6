/**
 * `perceptron export <model.safetensors> --format onnx --out model.onnx`: a trained model as ONNX
 * (src/io/onnx/export.ts: opset 20, float32, any batch size), for ONNX Runtime in Node, Python or
 * a browser (onnxruntime-web), or for perceptron's own fromOnnx. The model comes from a checkpoint
 * of `perceptron train` or a weights-only file (src/train/model-file.ts), as `--format torch`'s does.
 */
import { writeFileAtomically } from '../../io/atomic-file.js';
import { ONNX_OPSET, toOnnx } from '../../io/onnx/export.js';
import { loadModelFile } from '../../train/model-file.js';
import type { ExportFormat } from './export.js';

export const onnxFormat: ExportFormat = {
  description: `ONNX (opset ${ONNX_OPSET}, float32, any batch size) for ONNX Runtime, onnxruntime-web in browsers, or fromOnnx`,
  fromRecipe: false,
  async write(source, out) {
    const { model, recipe, widths, checkpoint } = await loadModelFile(source.checkpoint!);
    const bytes = toOnnx(model);
    await writeFileAtomically(out, bytes);
    const epochs = checkpoint ? ` after ${checkpoint.epoch} epochs` : '';
    return [
      `Wrote ${out} (${bytes.length} bytes): the ${widths.join('-')} MLP (${recipe.activation}) of ${source.checkpoint}${epochs}, ` +
        `as ONNX opset ${ONNX_OPSET}: input 'input' (batch, ${widths[0]}) → output 'output' (batch, ${widths.at(-1)}).`,
    ];
  },
};
