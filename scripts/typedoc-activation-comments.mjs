// TypeDoc plugin: the op functions (relu, leakyRelu, …) and nn classes (ReLU, LeakyReLU, …) derived
// from the activation table get the doc comment of their table entry, as an editor shows it.
//
// They are exported by destructuring (`export const { relu, … } = activationFunctions`), which
// carries no comment of its own; the entry's comment (src/activation/table.ts) is the one source
// of each activation's formula, PyTorch class and defaults, so it is copied, never restated.
import ts from 'typescript';
import { Comment, Converter, ReflectionKind } from 'typedoc';

/** The objects the derived exports are destructured from (src/ops/activation.ts, src/nn/activation.ts). */
const DERIVED_FROM = new Set(['activationFunctions', 'moduleClasses']);

/** Table entry name → its doc comment text, read from `export const activations = named({ … })`. */
function entryComments(program) {
  const comments = new Map();
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.endsWith('src/activation/table.ts')) continue;
    const visit = (node) => {
      if (ts.isVariableDeclaration(node) && node.name.getText(file) === 'activations' && node.initializer && ts.isCallExpression(node.initializer)) {
        const table = node.initializer.arguments[0];
        for (const property of ts.isObjectLiteralExpression(table) ? table.properties : []) {
          const doc = ts.getJSDocCommentsAndTags(property).find(ts.isJSDoc);
          const text = doc && ts.getTextOfJSDocComment(doc.comment);
          if (property.name && text) comments.set(property.name.getText(file), text);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return comments;
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  let comments;
  const commented = [];
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Variable) || reflection.hasComment()) return;
    const declaration = context.getSymbolFromReflection(reflection)?.declarations?.[0];
    if (!declaration || !ts.isBindingElement(declaration)) return;
    const initializer = declaration.parent.parent.initializer;
    if (!initializer || !DERIVED_FROM.has(initializer.getText())) return;
    comments ??= entryComments(context.program);
    const entry = (declaration.propertyName ?? declaration.name).getText();
    const text = comments.get(entry);
    if (!text) {
      context.logger.warn(`${reflection.getFriendlyFullName()}: no doc comment on activations.${entry} to copy`);
      return;
    }
    reflection.comment = new Comment([{ kind: 'text', text }]);
    commented.push(reflection);
  });
  // An nn class's type is a literal with a constructor signature, converted after its variable: it
  // gets the same comment once everything is converted.
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, () => {
    for (const reflection of commented) {
      for (const signature of reflection.type?.type === 'reflection' ? reflection.type.declaration.getNonIndexSignatures() : []) {
        signature.comment ??= reflection.comment.clone();
      }
    }
  });
}
