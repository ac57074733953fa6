/**
 * `perceptron export <checkpoint> --format torch --out model.safetensors`: the trained weights only,
 * in PyTorch's layout (src/io/weight-layout.ts), with the recipe in the metadata so that `eval` and
 * `predict` rebuild the same model. Prints the PyTorch that loads the file: stdout is a Python
 * program (its first line a comment).
 */
import { save } from '../../io/save-load.js';
import { torchLoadingCode } from '../../io/torch-code.js';
import { loadModelFile } from '../../train/model-file.js';
import type { ExportFormat } from './export.js';

export const torchFormat: ExportFormat = {
  description: 'weights only, Linear out × in as torch.nn.Linear: torch.nn.Sequential(…).load_state_dict takes the file as it is',
  fromRecipe: false,
  async write(source, out) {
    const { model, recipe, widths } = await loadModelFile(source.checkpoint!);
    await save(model, out, { metadata: { producer: 'perceptron export --format torch', recipe: JSON.stringify(recipe) } });
    return [`# ${out}: the ${widths.join('-')} MLP (${recipe.activation}) of ${source.checkpoint}, weights only, out × in; in PyTorch:`, ...torchLoadingCode(model, out)];
  },
};
