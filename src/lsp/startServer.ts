import {
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, AnalysisOptions } from './Analysis.js';
import { CheckScheduler } from './CheckScheduler.js';
import { DiagnosticsPublisher } from './DiagnosticsPublisher.js';
import { documentPath } from './documentPath.js';
import { DocumentStore } from './DocumentStore.js';
import { guard } from './guard.js';
import { provideCompletion } from './provideCompletion.js';
import { provideDefinition } from './provideDefinition.js';
import { provideDocumentSymbols } from './provideDocumentSymbols.js';
import { provideFormatting } from './provideFormatting.js';
import { provideHover } from './provideHover.js';

/** Options of `startServer`. */
export interface ServerOptions {
  /** incep's version, for the client's logs. */
  version: string;
  /** Quiet time after an edit before the document is checked (default 200 ms). */
  debounceMs?: number;
  /** Overrides and import roots every check compiles with, as `incep check` takes them. */
  compile?: AnalysisOptions;
}

/**
 * Serves incep's editor features on `connection` — diagnostics as you type, hover, go to
 * definition, completion, the outline and formatting — and starts listening. Every handler is
 * guarded: whatever a client sends, an exception is logged and the server keeps serving.
 */
export function startServer(connection: Connection, options: ServerOptions): void {
  const log = (message: string) => connection.console.error(message);
  const documents = new TextDocuments(TextDocument);
  const store = new DocumentStore();
  // A publish racing the client's disconnect has no one to tell.
  const publisher = new DiagnosticsPublisher(
    (params) => void connection.sendDiagnostics(params).catch(() => undefined),
  );
  // Filled in at initialize, before any document opens: the checks read it on each compile.
  const compileOptions: AnalysisOptions = { ...options.compile };
  const checks = new CheckScheduler(store, publisher, options.debounceMs ?? 200, log, compileOptions);

  connection.onInitialize((params): InitializeResult => {
    // Imports may also come from the workspace folders (and incep's specs/lib), besides the spec's
    // own directory that `incep check` allows; an explicit --root given to `incep lsp` wins.
    const folders = (params.workspaceFolders ?? []).map((f) => documentPath(f.uri));
    // Clients without workspace folders (older ones, some minimal editors) still send rootUri.
    const rootUri = (params as { rootUri?: string | null }).rootUri;
    const root = rootUri ? documentPath(rootUri) : undefined;
    const workspace = [...folders, root].filter((p): p is string => p !== undefined);
    compileOptions.workspace = [...new Set(workspace)];
    return initializeResult(options.version);
  });
  documents.onDidChangeContent(
    guard('checking', log, undefined, (e: { document: TextDocument }) => {
      store.set(e.document);
      checks.schedule(e.document.uri);
    }),
  );
  documents.onDidClose(
    guard('closing', log, undefined, (e: { document: TextDocument }) => {
      // Importers are found by the document's path, which the store forgets on delete.
      checks.close(e.document.uri);
      store.delete(e.document.uri);
    }),
  );

  connection.onHover(
    guard('hover', log, null, (p) => {
      const doc = documents.get(p.textDocument.uri);
      if (!doc) return null;
      // The document's own model first, then the models of open specs that import it.
      const others = checks.all().filter((a) => a.uri !== doc.uri);
      const own = checks.current(doc.uri);
      const analyses: Analysis[] = own ? [own, ...others] : others;
      return provideHover(doc.uri, doc.offsetAt(p.position), analyses);
    }),
  );
  connection.onDefinition(
    guard('definition', log, [], (p) => {
      const doc = documents.get(p.textDocument.uri);
      const analysis = doc && checks.current(doc.uri);
      return doc && analysis ? provideDefinition(analysis, doc.offsetAt(p.position)) : [];
    }),
  );
  connection.onCompletion(
    guard('completion', log, [], (p) => {
      const doc = documents.get(p.textDocument.uri);
      if (!doc) return [];
      const scope = checks.lastParsed(doc.uri) ?? checks.current(doc.uri);
      return provideCompletion(doc.getText(), doc.offsetAt(p.position), scope);
    }),
  );
  connection.onDocumentSymbol(
    guard('document symbols', log, [], (p) => {
      const doc = documents.get(p.textDocument.uri);
      const ast = doc && (checks.current(doc.uri)?.ast ?? checks.lastParsed(doc.uri)?.ast);
      return ast ? provideDocumentSymbols(ast) : [];
    }),
  );
  connection.onDocumentFormatting(
    guard('formatting', log, [], (p) => {
      const doc = documents.get(p.textDocument.uri);
      return doc ? provideFormatting(doc) : [];
    }),
  );
  connection.onShutdown(() => checks.dispose());

  documents.listen(connection);
  connection.listen();
}

/** What the server can do, for the client's `initialize`. */
function initializeResult(version: string): InitializeResult {
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      completionProvider: { triggerCharacters: ['(', ','] },
      documentSymbolProvider: true,
      documentFormattingProvider: true,
    },
    serverInfo: { name: 'incep', version },
  };
}
