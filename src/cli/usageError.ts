import type { OutputStream } from './CliIO.js';
import { EXIT } from './exitCodes.js';
import { printError } from './printError.js';

/** Prints a usage error of `command` (with a pointer to its `--help`) and returns exit status 2. */
export function usageError(stream: OutputStream, command: string, message: string, hint?: string): number {
  printError(stream, { message, ...(hint ? { hint } : {}), help: command });
  return EXIT.usage;
}
