import type { Diagnostic as LspDiagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node.js';

/**
 * Publishes diagnostics per file when several checks speak about the same one: a library open
 * in the editor is checked on its own and by every open spec that imports it. Each check owns
 * what it said; a file is shown the union, without repeats, and a check that no longer reports
 * anything for a file clears its part.
 */
export class DiagnosticsPublisher {
  private readonly byOwner = new Map<string, ReadonlyMap<string, LspDiagnostic[]>>();

  constructor(private readonly send: (params: PublishDiagnosticsParams) => void) {}

  /** Replaces what the check of `owner` says, by file URI, and republishes every file it touches. */
  update(owner: string, byUri: ReadonlyMap<string, LspDiagnostic[]>): void {
    const before = this.byOwner.get(owner);
    this.byOwner.set(owner, byUri);
    const touched = new Set([owner, ...(before?.keys() ?? []), ...byUri.keys()]);
    for (const uri of touched) this.publish(uri);
  }

  /** Drops what the check of `owner` said (its document closed). */
  clear(owner: string): void {
    const before = this.byOwner.get(owner);
    this.byOwner.delete(owner);
    for (const uri of new Set([owner, ...(before?.keys() ?? [])])) this.publish(uri);
  }

  private publish(uri: string): void {
    const seen = new Set<string>();
    const diagnostics: LspDiagnostic[] = [];
    for (const byUri of this.byOwner.values()) {
      for (const d of byUri.get(uri) ?? []) {
        const key = JSON.stringify([d.range, d.code, d.message]);
        if (seen.has(key)) continue;
        seen.add(key);
        diagnostics.push(d);
      }
    }
    this.send({ uri, diagnostics });
  }
}
