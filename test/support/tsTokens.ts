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

/**
 * The value of the string or plain template literal that initializes the first declaration in
 * `code` (`const s = "…";`), as TypeScript's scanner cooks it: escapes resolved, line
 * continuations dropped, CR and CRLF in templates normalized to LF, as a JavaScript engine would.
 */
export function literalValue(code: string): string {
  const file = ts.createSourceFile('x.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const statement = file.statements[0];
  const init =
    statement && ts.isVariableStatement(statement) ? statement.declarationList.declarations[0]?.initializer : undefined;
  if (!init || !(ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init)))
    throw new Error(`no string or plain template literal initializes the first declaration of ${JSON.stringify(code)}`);
  return init.text;
}
