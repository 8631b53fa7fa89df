import type { CliIO } from './CliIO.js';

/** One option of a command, as `parseArgs` reads it plus what `--help` shows. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Placeholder of the value in help (`N`, `DIR`); string options only. */
  value?: string;
  description: string;
}

/** What a command runs with, after the command line has been parsed and validated. */
export interface CommandContext {
  values: Readonly<Record<string, string | boolean | undefined>>;
  positionals: readonly string[];
  /** `--classes`, `--input` and `--width`, validated, ready for `compileFile`. */
  overrides: { classes?: number; input?: [number, number, number]; width?: number };
  io: Required<CliIO>;
}

/** A subcommand of `incep`: its command line, its help, and what it does. */
export interface Command {
  name: string;
  /** One line for `incep --help`. */
  summary: string;
  /** The synopsis after `incep <name>`: `FILE... [options]`. */
  synopsis: string;
  positionals: { name: string; min: number; max: number };
  /** Options besides `--help` and (unless `compilesSpecs` is false) `--classes`, `--input`, `--width`, `--root`. */
  options: Readonly<Record<string, OptionSpec>>;
  /** False for a command that compiles no spec (fmt, explain): it takes no override options. */
  compilesSpecs?: boolean;
  /** Paragraphs shown after the options in `--help`. */
  details?: string;
  /** Resolves to the exit status. */
  run(context: CommandContext): Promise<number>;
}
