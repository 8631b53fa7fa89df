import { didYouMean } from '../diagnostics/didYouMean.js';
import { benchCommand } from './benchCommand.js';
import { checkCommand } from './checkCommand.js';
import type { CliIO } from './CliIO.js';
import type { Command } from './Command.js';
import { compileCommand } from './compileCommand.js';
import { EXIT } from './exitCodes.js';
import { evalCommand } from './evalCommand.js';
import { explainCommand } from './explainCommand.js';
import { fmtCommand } from './fmtCommand.js';
import { formatHelp } from './formatHelp.js';
import { graphCommand } from './graphCommand.js';
import { lspCommand } from './lspCommand.js';
import { parseCommandLine } from './parseCommandLine.js';
import { parseOverrides } from './parseOverrides.js';
import { printError } from './printError.js';
import { readVersion } from './readVersion.js';
import { predictCommand } from './predictCommand.js';
import { summaryCommand } from './summaryCommand.js';
import { trainCommand } from './trainCommand.js';

/** Every command, in help order. */
const COMMANDS: readonly Command[] = [
  checkCommand,
  explainCommand,
  summaryCommand,
  graphCommand,
  fmtCommand,
  lspCommand,
  compileCommand,
  trainCommand,
  evalCommand,
  predictCommand,
  benchCommand,
];

/**
 * The `incep` command line. Resolves to the exit status: 0 success, 1 errors in a spec (or an
 * output that could not be written), 2 usage error, 70 internal error. Never throws and never
 * prints a stack trace for anything a user typed; an unexpected exception is a bug in incep,
 * reported in one line (with the stack only when `INCEP_DEBUG=1`).
 */
export async function main(argv: readonly string[], io?: CliIO): Promise<number> {
  const full: Required<CliIO> = {
    stdout: io?.stdout ?? process.stdout,
    stderr: io?.stderr ?? process.stderr,
    cwd: io?.cwd ?? process.cwd(),
    env: io?.env ?? process.env,
    interrupts:
      io?.interrupts ??
      ((handler) => {
        process.on('SIGINT', handler);
        return () => process.off('SIGINT', handler);
      }),
  };
  try {
    return await dispatch(argv, full);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const stack = full.env['INCEP_DEBUG'] === '1' && e instanceof Error && e.stack ? `${e.stack}\n` : '';
    try {
      full.stderr.write(`incep: internal error: ${message}\nplease report this with the spec that caused it\n${stack}`);
    } catch {
      // stderr itself is broken; the exit status still tells the story.
    }
    return EXIT.internal;
  }
}

async function dispatch(argv: readonly string[], io: Required<CliIO>): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(formatHelp(COMMANDS, readVersion()) + '\n');
    return EXIT.usage;
  }
  if (first === '--help' || first === '-h') return help(io);
  if (first === '--version' || first === '-V') {
    io.stdout.write(`incep ${readVersion()}\n`);
    return EXIT.ok;
  }
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return help(io);
    const command = COMMANDS.find((c) => c.name === topic);
    if (!command) return unknownCommand(topic, io);
    return help(io, command);
  }
  if (first.startsWith('-')) {
    const hint =
      didYouMean(first, ['--help', '--version']) ?? 'options come after the command: incep <command> [options]';
    printError(io.stderr, { message: `unknown option '${first}'`, hint, help: '' });
    return EXIT.usage;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) return unknownCommand(first, io);

  // --help wins over everything else on the line, even over mistakes in it.
  const beforeDashes = !rest.includes('--') ? rest : rest.slice(0, rest.indexOf('--'));
  if (beforeDashes.includes('--help') || beforeDashes.includes('-h')) return help(io, command);
  const parsed = parseCommandLine(command, rest);
  if (!parsed.ok) {
    printError(io.stderr, parsed);
    return EXIT.usage;
  }
  const overrides = parseOverrides(parsed.values);
  if (!overrides.ok) {
    printError(io.stderr, { ...overrides, help: command.name });
    return EXIT.usage;
  }
  return command.run({ values: parsed.values, positionals: parsed.positionals, overrides: overrides.overrides, io });
}

function help(io: Required<CliIO>, command?: Command): number {
  io.stdout.write(formatHelp(COMMANDS, readVersion(), command) + '\n');
  return EXIT.ok;
}

function unknownCommand(name: string, io: Required<CliIO>): number {
  const names = [...COMMANDS.map((c) => c.name), 'help'];
  const hint = didYouMean(name, names) ?? `commands are ${names.join(', ')}`;
  printError(io.stderr, { message: `unknown command '${name}'`, hint, help: '' });
  return EXIT.usage;
}
