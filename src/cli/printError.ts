import type { OutputStream } from './CliIO.js';

/** What went wrong, what to do about it, and (for usage errors) where to read more. */
export interface CliError {
  message: string;
  hint?: string;
  /** The command whose `--help` to point at; set for usage errors. */
  help?: string;
}

/**
 * Prints an error that is not about a place in a spec (a bad flag, an unwritable directory),
 * in the same `error:` / `hint:` shape as the compiler's diagnostics.
 */
export function printError(stream: OutputStream, error: CliError): void {
  const lines = [`incep: error: ${error.message}`];
  if (error.hint) lines.push(`hint: ${error.hint}`);
  if (error.help !== undefined) lines.push(`run '${error.help ? `incep ${error.help}` : 'incep'} --help' for usage`);
  stream.write(lines.join('\n') + '\n');
}
