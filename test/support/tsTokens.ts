import ts from 'typescript';

/**
 * Every identifier and keyword of `code`'s syntax tree, in order: what the code can do, with
 * comments and the contents of string and template literals left out.
 */
export function codeTokens(code: string): string[] {
  const file = ts.createSourceFile('x.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) out.push(node.text);
    else if (node.kind >= ts.SyntaxKind.FirstKeyword && node.kind <= ts.SyntaxKind.LastKeyword)
      out.push(ts.tokenToString(node.kind) ?? '');
    else if (node.kind === ts.SyntaxKind.NumericLiteral) out.push((node as ts.NumericLiteral).text);
    else if (node.kind >= ts.SyntaxKind.FirstPunctuation && node.kind <= ts.SyntaxKind.LastPunctuation)
      out.push(ts.tokenToString(node.kind) ?? '');
    node.getChildren(file).forEach(visit);
  };
  visit(file);
  return out;
}

/** TypeScript's syntax errors for `code` (no type checking). */
export function parseErrors(code: string): string[] {
  const file = ts.createSourceFile('x.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  return (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map((d) =>
    ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  );
}
