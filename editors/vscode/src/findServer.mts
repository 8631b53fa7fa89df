import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** How to start the language server: `command ...args lsp` (the client appends `--stdio`). */
export interface ServerCommand {
  command: string;
  args: string[];
  /** Windows runs `.cmd` and `.bat` files only through a shell. */
  shell: boolean;
}

/** Where `findServer` looks, and what the user configured. */
export interface FindServerOptions {
  /** `incep.server.path`: empty, a command name, or a path (relative to the first workspace folder). */
  path: string;
  /** `incep.server.args`: placed before `lsp`. */
  args: readonly string[];
  /** Workspace folders, whose `node_modules/.bin` is searched before `PATH`. */
  workspaceFolders: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
}

/** A server command, or a message for the user saying where `incep` was looked for. */
export type FindServerResult = { ok: true; server: ServerCommand } | { ok: false; message: string };

const INSTALL_HINT =
  'Install incep in the workspace (`npm install --save-dev <path to incep-0.1.0.tgz or its git URL>`; it is not on the npm registry), or set `incep.server.path`.';

/**
 * Resolves the `incep` command the way a terminal would, so that a missing install is reported
 * before the language client tries to spawn it (a failed spawn only says "ENOENT"): the configured
 * path, else the workspace's local install, else `PATH`.
 */
export function findServer(options: FindServerOptions): FindServerResult {
  const windows = options.platform === 'win32';
  const server = (command: string): FindServerResult => {
    const shell = windows && /\.(cmd|bat)$/i.test(command);
    // Through a shell the command line is joined with spaces, so a path with spaces needs quotes.
    return { ok: true, server: { command: shell ? `"${command}"` : command, args: [...options.args, 'lsp'], shell } };
  };
  const configured = options.path.trim();
  if (configured !== '') {
    if (/[\\/]/.test(configured)) {
      const base = options.workspaceFolders[0] ?? process.cwd();
      const file = isAbsolute(configured) ? configured : resolve(base, configured);
      const found = withExtensions(file, options).find(isExecutable);
      if (found !== undefined) return server(found);
      return { ok: false, message: `incep.server.path is '${configured}', but ${file} is not an executable file.` };
    }
    const found = searchPath(configured, options);
    if (found !== undefined) return server(found);
    return {
      ok: false,
      message: `incep.server.path is '${configured}', but no such command is on PATH. ${INSTALL_HINT}`,
    };
  }
  for (const folder of options.workspaceFolders) {
    const found = withExtensions(join(folder, 'node_modules', '.bin', 'incep'), options).find(isExecutable);
    if (found !== undefined) return server(found);
  }
  const found = searchPath('incep', options);
  if (found !== undefined) return server(found);
  return {
    ok: false,
    message: `Cannot find the \`incep\` command (looked in the workspace's node_modules/.bin and on PATH), so .incep files get highlighting but no diagnostics. ${INSTALL_HINT}`,
  };
}

/** The first `name` (with a Windows executable extension) in a `PATH` directory. */
function searchPath(name: string, options: FindServerOptions): string | undefined {
  const path = options.env['PATH'] ?? options.env['Path'] ?? '';
  const separator = options.platform === 'win32' ? ';' : delimiter;
  for (const dir of path.split(separator)) {
    if (dir === '') continue;
    const found = withExtensions(join(dir, name), options).find(isExecutable);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** On Windows a command `incep` is the file `incep.cmd` (npm's shim) or another PATHEXT extension. */
function withExtensions(file: string, options: FindServerOptions): string[] {
  if (options.platform !== 'win32') return [file];
  const extensions = (options.env['PATHEXT'] ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((e) => e !== '');
  // npm also writes an extensionless shell script next to `incep.cmd`, which Windows cannot spawn.
  if (extensions.some((e) => file.toLowerCase().endsWith(e.toLowerCase()))) return [file];
  return extensions.map((e) => file + e.toLowerCase());
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
