#!/usr/bin/env node
/**
 * The `perceptron` command. Each subcommand is a thin wrapper over library calls (src/cli/commands).
 * Exit codes: 0 success, 1 a failure while running, 2 a command line that could not be understood
 * (printed with the usage, as POSIX tools do), 141 output that nobody reads any more.
 */
import { Command, CommanderError } from 'commander';
import { PerceptronError } from '../errors.js';
import { ActivationParamError, UnknownActivationError } from '../activation/table.js';
import { registerActivations } from './commands/activations.js';
import { registerChapter } from './commands/chapter.js';
import { registerPlot } from './commands/plot.js';
import { registerPlayground } from './commands/playground.js';
import { registerTrain } from './commands/train.js';
import { registerExport } from './commands/export.js';
import { registerReproduce } from './commands/reproduce.js';
import { UsageError } from './usage-error.js';

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;
/** 128 + SIGPIPE: what a shell reports for a Unix tool stopped by a closed pipe (`… | head -1`). */
const EXIT_PIPE = 141;

/**
 * When the reader of standard output or standard error goes away (EPIPE), stop at once and say
 * nothing, as Unix tools do (there is no one to say it to). Node ignores SIGPIPE, so the write
 * fails instead; left unhandled, that is a stack trace, or an exit with status 1 in the middle of
 * a run when it is stderr that closed. A checkpoint being written is left whole: saves are atomic,
 * and their temporary file is removed on exit (io/atomic-file).
 */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_PIPE);
    throw error;
  });
}

export function buildProgram(): Command {
  const program = new Command('perceptron')
    .description('A TypeScript deep-learning toolkit built around the multilayer perceptron (D2L chapter 3.8)')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerReproduce(program);
  registerChapter(program);
  registerPlot(program);
  registerActivations(program);
  registerTrain(program);
  registerExport(program);
  registerPlayground(program);
  for (const command of program.commands) command.exitOverride().showHelpAfterError();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return EXIT_USAGE;
    }
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version requests end here too, with exit code 0.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof UsageError || error instanceof UnknownActivationError || error instanceof ActivationParamError) {
      console.error(`perceptron: ${error.message}`);
      console.error("Run 'perceptron --help' for usage.");
      return EXIT_USAGE;
    }
    if (error instanceof PerceptronError || error instanceof Error) {
      console.error(`perceptron: ${error.message}`);
      return EXIT_FAILURE;
    }
    throw error;
  }
}

exitQuietlyOnClosedPipe(process.stdout);
exitQuietlyOnClosedPipe(process.stderr);
process.exitCode = await main(process.argv.slice(2));
