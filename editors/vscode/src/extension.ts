/**
 * The incep extension: VS Code reads the grammar and the language configuration from the
 * manifest; this file only runs the language server, `incep lsp --stdio`, for `.incep` files.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions } from 'vscode-languageclient/node';

import { findServer } from './findServer.mjs';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

/** Starts the server for the first `.incep` file, and restarts it when its settings change. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('incep');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('incep.restartServer', restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('incep.server')) void restart();
    }),
  );
  await start();
}

/** Stops the server with the extension. */
export async function deactivate(): Promise<void> {
  await stop();
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

async function start(): Promise<void> {
  const settings = vscode.workspace.getConfiguration('incep.server');
  const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
  const found = findServer({
    path: settings.get<string>('path', ''),
    args: settings.get<string[]>('args', []),
    workspaceFolders: folders,
    env: process.env,
    platform: process.platform,
  });
  if (!found.ok) {
    output?.appendLine(found.message);
    void offerSettings(found.message);
    return;
  }
  const { command, args, shell } = found.server;
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'incep' }],
    ...(output ? { outputChannel: output } : {}),
  };
  const started = new LanguageClient(
    'incep',
    'incep language server',
    // In the first workspace folder, so relative `incep.server.args` (`bin/incep.js`) resolve there.
    { command, args, transport: TransportKind.stdio, options: { shell, ...(folders[0] ? { cwd: folders[0] } : {}) } },
    clientOptions,
  );
  try {
    await started.start();
    client = started;
  } catch (error) {
    // An `incep` older than its `lsp` command exits at once with a usage error: say so plainly.
    const reason = error instanceof Error ? error.message : String(error);
    output?.appendLine(`${command} ${args.join(' ')} --stdio: ${reason}`);
    void offerSettings(
      `The incep language server did not start (${command} ${args.join(' ')} --stdio: ${reason}). ` +
        'Is this incep recent enough to have `incep lsp`? See the "incep" output for details.',
    );
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running?.isRunning()) await running.stop();
}

async function offerSettings(message: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(message, 'Open Settings');
  if (choice === 'Open Settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'incep.server');
  }
}
