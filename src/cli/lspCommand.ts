import type { Command } from './Command.js';
import { compileOptionsOf } from './compileOptionsOf.js';
import { readVersion } from './readVersion.js';
import { usageError } from './usageError.js';

/** `incep lsp --stdio`: the language server editors start (diagnostics, hover, completion, …). */
export const lspCommand: Command = {
  name: 'lsp',
  summary: 'run the language server for editors (over stdio)',
  synopsis: '--stdio [options]',
  // It takes no arguments; the name is what `incep --help` lists after the command.
  positionals: { name: '--stdio', min: 0, max: 0 },
  options: {
    stdio: { type: 'boolean', description: 'talk the Language Server Protocol over stdin and stdout' },
    clientProcessId: {
      type: 'string',
      value: 'PID',
      description: "the editor's process id: the server exits when that process does",
    },
  },
  details:
    'Editors start it themselves: VS Code through the extension in editors/vscode, Neovim with\n' +
    "vim.lsp.start({ cmd = { 'incep', 'lsp', '--stdio' } }). Documents are checked as they are\n" +
    'typed, as `incep check` checks them, with --classes, --input, --width and --root applied.',
  async run(context) {
    if (context.values['stdio'] !== true) {
      return usageError(
        context.io.stderr,
        'lsp',
        'the language server talks over stdin and stdout only',
        "start it as 'incep lsp --stdio'",
      );
    }
    // Loaded only now: the server's dependencies are no cost to the other commands.
    const { serveStdio } = await import('../lsp/serveStdio.js');
    return serveStdio({
      version: readVersion(),
      compile: compileOptionsOf(context),
    });
  },
};
