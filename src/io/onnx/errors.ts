/** Errors of ONNX export and import. */
import { PerceptronError } from '../../errors.js';

/**
 * A model that cannot be written as ONNX (a module with no ONNX form), or bytes that cannot be
 * read back as a perceptron model (not ONNX, or a graph that is not an MLP): the message names
 * the file, the module or the node and op, and what is wrong.
 */
export class OnnxError extends PerceptronError {}
