/**
 * Every error the library throws on purpose. Each says what was expected, what came, and where
 * (the op, the argument, the shapes, the file), so a user can fix the call without reading our code.
 */

export class PerceptronError extends Error {
  /** An error with this message (it says what was expected, what came, and where); its name is its class's. */
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

const formatShape = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/** Shapes that do not fit an op: names the op and every shape involved. */
export class ShapeError extends PerceptronError {
  /** An error of `op` about `shapes`: `detail` says what does not fit; the message lists every shape. */
  constructor(
    /** The op or function that rejected the shapes, by its public name ('reshape', 'prelu', 'trainTestSplit', …). */
    readonly op: string,
    /** The shapes it was given, in argument order. */
    readonly shapes: readonly (readonly number[])[],
    detail: string,
  ) {
    super(`${op}: ${detail} (got shapes ${shapes.map(formatShape).join(' and ')})`);
  }
}

/** A dtype an op cannot take (e.g. gradients of int32 tensors). */
export class DTypeError extends PerceptronError {}

/** Misuse of automatic differentiation (backward on a tensor that was not recorded, …). */
export class AutogradError extends PerceptronError {}

/** Raised in anomaly-detection mode when an op turns finite inputs into NaN. */
export class NanError extends PerceptronError {}

/** An argument outside what an op or function accepts (a negative size, a step of zero, …). */
export class ArgumentError extends PerceptronError {}

export { formatShape };
