import { PassThrough } from 'node:stream';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createConnection,
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node.js';
import { startServer } from '../../src/lsp/startServer.js';

/** The `file:` URI of a path relative to the repository (tests run from its root). */
export function uriOf(path: string): string {
  return pathToFileURL(resolve(path)).href;
}

/** A client talking JSON-RPC to a language server running in this process. */
export interface TestClient {
  rpc: MessageConnection;
  /** Every `publishDiagnostics` received, in order. */
  published: PublishDiagnosticsParams[];
  /** Log messages the server sent (`window/logMessage`). */
  logs: string[];
  open(uri: string, text: string, version?: number): void;
  /** Replaces the whole text (version must grow). */
  change(uri: string, text: string, version: number): void;
  close(uri: string): void;
  /** Resolves with the first publish for `uri`, after the `after`-th one, that `accept`s. */
  diagnostics(
    uri: string,
    accept?: (p: PublishDiagnosticsParams) => boolean,
    after?: number,
  ): Promise<PublishDiagnosticsParams>;
  /** Sends `shutdown` and takes both ends down (never `exit`: that ends the process). */
  stop(): Promise<void>;
}

/**
 * Starts the server in-process over two pipes and initializes it: the real protocol, the real
 * JSON-RPC framing, without the seconds a child process takes to load.
 */
export async function startTestServer(debounceMs = 50, workspace?: string): Promise<TestClient> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(server, { version: 'test', debounceMs });
  const rpc = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const published: PublishDiagnosticsParams[] = [];
  const logs: string[] = [];
  const waiters: Array<() => void> = [];
  rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    for (const w of [...waiters]) w();
  });
  rpc.onNotification('window/logMessage', (p: { message: string }) => logs.push(p.message));
  rpc.listen();
  // No processId: the server would watch it with an interval that keeps mocha running.
  await rpc.sendRequest('initialize', {
    processId: null,
    rootUri: null,
    capabilities: {},
    workspaceFolders: workspace ? [{ uri: pathToFileURL(workspace).href, name: 'workspace' }] : null,
  });
  await rpc.sendNotification('initialized', {});
  return {
    rpc,
    published,
    logs,
    open(uri, text, version = 1) {
      void rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'incep', version, text } });
    },
    change(uri, text, version) {
      void rpc.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ text }],
      });
    },
    close(uri) {
      void rpc.sendNotification('textDocument/didClose', { textDocument: { uri } });
    },
    diagnostics(uri, accept = () => true, after = 0) {
      return new Promise((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no diagnostics for ${uri} within 20 s`)), 20_000);
        const look = () => {
          const found = published.slice(after).find((p) => p.uri === uri && accept(p));
          if (!found) return;
          clearTimeout(timer);
          waiters.splice(waiters.indexOf(look), 1);
          done(found);
        };
        waiters.push(look);
        look();
      });
    },
    async stop() {
      await rpc.sendRequest('shutdown');
      rpc.dispose();
      server.dispose();
      toServer.end();
      toClient.end();
    },
  };
}
