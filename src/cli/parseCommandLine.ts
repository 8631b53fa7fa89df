import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from '../diagnostics/didYouMean.js';
import type { Command, CommandContext, OptionSpec } from './Command.js';
import type { CliError } from './printError.js';

/** Options of the commands that compile specs: the overrides and the import root. */
export const SPEC_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  classes: { type: 'string', value: 'N', description: "override the spec's number of classes" },
  input: { type: 'string', value: 'HxWxC', description: "override the spec's input size, e.g. 224x224x3" },
  width: {
    type: 'string',
    value: 'W',
    description: 'multiply every conv filter count, e.g. 0.5 (TF-slim rounding, min 16)',
  },
  root: {
    type: 'string',
    value: 'DIR',
    description: "where imports may come from (default: the spec's directory and below; incep's specs/lib always)",
  },
};

/** What every command takes. */
export const HELP_OPTION: Readonly<Record<string, OptionSpec>> = {
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

/** The options `command` accepts: its own, the spec options unless it compiles none, and `--help`. */
export function optionsOf(command: Command): Readonly<Record<string, OptionSpec>> {
  return { ...command.options, ...(command.compilesSpecs === false ? {} : SPEC_OPTIONS), ...HELP_OPTION };
}

/** A parsed command line, or why it could not be parsed. */
export type ParsedCommandLine =
  { ok: true; values: CommandContext['values']; positionals: string[] } | ({ ok: false } & CliError);

/**
 * Parses the arguments after the command name with Node's own `util.parseArgs` in strict mode —
 * the standard library's parser, so incep needs no argument-parsing dependency — and turns its
 * exceptions into usage errors with a "did you mean" hint.
 */
export function parseCommandLine(command: Command, args: readonly string[]): ParsedCommandLine {
  const specs = optionsOf(command);
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (e) {
    return { ok: false, help: command.name, ...explain(e, specs) };
  }
  const { positionals } = parsed;
  const { name, min, max } = command.positionals;
  if (positionals.length < min) {
    return {
      ok: false,
      message: `missing ${name} argument`,
      hint: `usage: incep ${command.name} ${command.synopsis}`,
      help: command.name,
    };
  }
  if (positionals.length > max) {
    const extra = positionals
      .slice(max)
      .map((p) => `'${p}'`)
      .join(', ');
    const takes = max === 0 ? 'no arguments' : max === 1 ? `one ${name}` : `at most ${max} ${name} arguments`;
    return {
      ok: false,
      message: `'incep ${command.name}' takes ${takes}; unexpected ${extra}`,
      hint: `usage: incep ${command.name} ${command.synopsis}`,
      help: command.name,
    };
  }
  return { ok: true, values: parsed.values as CommandContext['values'], positionals };
}

/** Rewrites parseArgs's messages (which suit a programmer) as incep's usage errors. */
function explain(e: unknown, specs: Readonly<Record<string, OptionSpec>>): CliError {
  const code = (e as { code?: unknown }).code;
  const text = e instanceof Error ? e.message : String(e);
  const flag = /'(-[^' ]*)/.exec(text)?.[1] ?? '';
  const long = /--([\w-]+)/.exec(text)?.[1];
  const spec = long !== undefined ? specs[long] : undefined;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flags = Object.keys(specs).map((n) => `--${n}`);
    const hint = didYouMean(flag.split('=')[0] ?? flag, flags) ?? `options are ${flags.join(', ')}`;
    return { message: `unknown option '${flag}'`, hint };
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && long !== undefined) {
    if (spec?.type === 'boolean') return { message: `option '--${long}' takes no value` };
    const example = `--${long} ${spec?.value ?? 'VALUE'}`;
    // Also raised when the value itself starts with '-': '--out --json'.
    return {
      message: `option '--${long}' needs a value`,
      hint: `write ${example} (or --${long}=-VALUE for a value that starts with '-')`,
    };
  }
  return { message: text.split('\n')[0] ?? text };
}
