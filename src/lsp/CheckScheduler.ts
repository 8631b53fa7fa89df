import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver/node.js';
import { Analysis, type AnalysisOptions } from './Analysis.js';
import type { DiagnosticsPublisher } from './DiagnosticsPublisher.js';
import type { DocumentStore } from './DocumentStore.js';
import { toLspDiagnostic } from './toLspDiagnostic.js';

/**
 * Checks open documents as they are edited: each change waits for `delayMs` of quiet (typing
 * does not compile on every key), then the document — and every open document importing it —
 * is compiled from the text as it stands and its diagnostics are published. A check always
 * reads the newest text, and a result is dropped when the document changed while it was made,
 * so an old result never replaces a newer one.
 */
export class CheckScheduler {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly analyses = new Map<string, Analysis>();
  private readonly parsed = new Map<string, Analysis>();

  constructor(
    private readonly store: DocumentStore,
    private readonly publisher: DiagnosticsPublisher,
    private readonly delayMs: number,
    private readonly log: (message: string) => void,
    private readonly options: AnalysisOptions = {},
  ) {}

  /** Checks `uri` after the quiet delay, and with it every open document that imports it. */
  schedule(uri: string): void {
    this.later(uri);
    for (const importer of this.importersOf(uri)) this.later(importer);
  }

  /** The analysis of `uri` for its text as it stands (checked at once when a check is pending). */
  current(uri: string): Analysis | undefined {
    if (this.timers.has(uri) || !this.analyses.has(uri)) this.run(uri);
    return this.analyses.get(uri);
  }

  /**
   * The newest analysis of `uri` whose text parsed: what completion and the outline read while
   * a half-typed statement keeps the current text from parsing.
   */
  lastParsed(uri: string): Analysis | undefined {
    return this.parsed.get(uri);
  }

  /** Every open document's analysis, after running the pending checks. */
  all(): Analysis[] {
    for (const uri of [...this.timers.keys()]) this.run(uri);
    return [...this.analyses.values()];
  }

  /** Forgets a closed document and clears its diagnostics; its importers now read it from disk. */
  close(uri: string): void {
    const importers = this.importersOf(uri);
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.analyses.delete(uri);
    this.parsed.delete(uri);
    this.publisher.clear(uri);
    for (const importer of importers) this.later(importer);
  }

  /** Cancels every pending check (the server is shutting down). */
  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private importersOf(uri: string): string[] {
    const real = this.store.realPathOf(uri);
    if (real === undefined) return [];
    return [...this.analyses.values()].filter((a) => a.uri !== uri && a.imports().includes(real)).map((a) => a.uri);
  }

  private later(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => this.run(uri), this.delayMs),
    );
  }

  private run(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    const doc = this.store.get(uri);
    if (!doc) return;
    let analysis: Analysis;
    try {
      analysis = Analysis.of(doc, this.store, this.options);
    } catch (e) {
      this.log(`incep: checking ${uri} failed: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    // Documents change in place: a version moved on means a newer text is on its way.
    if (this.store.get(uri)?.version !== analysis.version) return;
    this.analyses.set(uri, analysis);
    if (analysis.ast) this.parsed.set(uri, analysis);
    const byUri = new Map<string, LspDiagnostic[]>([[uri, []]]);
    for (const d of analysis.result.diagnostics) {
      const target = d.span ? analysis.uriOf(d.span.file) : uri;
      const list = byUri.get(target) ?? [];
      list.push(toLspDiagnostic(d, (span) => analysis.uriOf(span.file)));
      byUri.set(target, list);
    }
    this.publisher.update(uri, byUri);
  }
}
