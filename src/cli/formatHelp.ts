import type { Command, OptionSpec } from './Command.js';
import { HELP_OPTION, optionsOf, SPEC_OPTIONS } from './parseCommandLine.js';

/**
 * The text of `incep --help` (no `command`) or `incep <command> --help`. Generated from the
 * command table, so help never lists a flag the parser does not accept.
 */
export function formatHelp(commands: readonly Command[], version: string, command?: Command): string {
  if (command) {
    const lines = [`Usage: incep ${command.name} ${command.synopsis}`, '', `${capitalize(command.summary)}.`, ''];
    lines.push('Options:', ...optionLines(optionsOf(command)));
    if (command.details) lines.push('', command.details);
    return lines.join('\n');
  }
  const names = commands.map((c) => `${c.name} ${c.positionals.name}${c.positionals.max > 1 ? '...' : ''}`);
  names.push('help [COMMAND]');
  const width = Math.max(...names.map((n) => n.length));
  const summaries = [...commands.map((c) => c.summary), 'show help for incep or one command'];
  const everyCommand: Record<string, OptionSpec> = {
    ...HELP_OPTION,
    version: { type: 'boolean', short: 'V', description: 'print the version (before any command)' },
  };
  // Both tables' descriptions start in one column.
  const flagWidth = Math.max(...[...flags(SPEC_OPTIONS), ...flags(everyCommand)].map((f) => f.length));
  return [
    `incep ${version} — compile .incep specs of Inception-family CNNs to TensorFlow.js`,
    '',
    'Usage: incep <command> [options]',
    '',
    'Commands:',
    ...names.map((n, i) => `  ${n.padEnd(width)}  ${summaries[i]}`),
    '',
    'Options of the commands that compile specs:',
    ...optionLines(SPEC_OPTIONS, flagWidth),
    '',
    'Options of every command:',
    ...optionLines(everyCommand, flagWidth),
    '',
    'Exit status: 0 success; 1 errors in a spec, or an output could not be written;',
    '2 usage error (including an unavailable --backend); 70 internal error (a bug in incep).',
    '',
    "Run 'incep <command> --help' for the options of a command.",
  ].join('\n');
}

/** Each option as help writes its flag: `-h, --help`, `    --classes N`. */
function flags(options: Readonly<Record<string, OptionSpec>>): string[] {
  return Object.entries(options).map(
    ([name, o]) => `${o.short ? `-${o.short}, ` : '    '}--${name}${o.value ? ` ${o.value}` : ''}`,
  );
}

function optionLines(options: Readonly<Record<string, OptionSpec>>, width?: number): string[] {
  const written = flags(options);
  const column = width ?? Math.max(...written.map((f) => f.length));
  return Object.values(options).map((o, i) => `  ${written[i]!.padEnd(column)}  ${o.description}`);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
