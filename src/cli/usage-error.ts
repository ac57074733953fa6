/** A mistake in how the command line was written: the CLI prints it with usage and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses a number option, or throws a UsageError naming the option. */
export function parseNumber(option: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${option} expects a number, got '${value}'`);
  return n;
}
