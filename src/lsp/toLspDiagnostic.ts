import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver/node.js';
import type { Diagnostic, Severity } from '../diagnostics/Diagnostic.js';
import type { Span } from '../diagnostics/Span.js';
import { spanRange } from './spanRange.js';

const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  note: DiagnosticSeverity.Information,
};

/**
 * An incep diagnostic as the editor shows it, under the URI of the file its span is in. The hint
 * closes the message as `help: …`, the way rust-analyzer shows rustc's help lines, so it is seen
 * in the hover and the problems list alike; related notes become `relatedInformation`.
 */
export function toLspDiagnostic(d: Diagnostic, uriOf: (span: Span) => string): LspDiagnostic {
  const out: LspDiagnostic = {
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'incep',
    message: d.hint ? `${d.message}\nhelp: ${d.hint}` : d.message,
    range: spanRange(d.span),
  };
  if (d.related && d.related.length > 0) {
    out.relatedInformation = d.related.map((r) => ({
      location: { uri: uriOf(r.span), range: spanRange(r.span) },
      message: r.message,
    }));
  }
  return out;
}
