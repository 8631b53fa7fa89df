/**
 * What every formatting must keep, as checks shared by the formatter's tests: the program (the
 * AST without positions), every comment's text, order and place, and the fixed point.
 */
import { expect } from 'chai';
import { incepLexer } from '../../grammar/tokens.js';
import { formatSource } from '../../src/format/formatSource.js';
import type * as A from '../../src/syntax/ast.js';
import { parse } from '../../src/syntax/parse.js';

/** The canonical form of a text that must format; fails the test with its errors otherwise. */
export function formatOk(text: string, file = 'x.incep'): string {
  const r = formatSource(text, file);
  if (!r.ok)
    expect.fail(`expected it to format, got:\n${r.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')}`);
  return r.text;
}

/** The AST without positions or comments: what a spec means. */
export function meaning(text: string): unknown {
  const r = parse(text, 'x.incep');
  if (!r.ast) expect.fail(`expected it to parse: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return JSON.parse(
    JSON.stringify(r.ast, (k, v: unknown) =>
      ['span', 'keywordSpan', 'pathSpan', 'first', 'comments', 'trailingComments'].includes(k) ? undefined : v,
    ),
  );
}

/**
 * Every token but line breaks and `;` in order, comments included, each comment marked with
 * whether code precedes it on its line: the text of the program and the place of each comment
 * as a reader sees them.
 */
export function wordsAndComments(text: string): string[] {
  const lexed = incepLexer.tokenize(text);
  const all = [...lexed.tokens, ...(lexed.groups['comments'] ?? [])].sort((a, b) => a.startOffset - b.startOffset);
  const out: string[] = [];
  let lineHasCode = false;
  for (const t of all) {
    const type = t.tokenType.name;
    if (type === 'Newline') lineHasCode = false;
    else if (type === 'Comment') out.push(`${lineHasCode ? 'trailing' : 'own line'} ${t.image.trimEnd()}`);
    else {
      lineHasCode = true;
      if (type !== 'Semicolon') out.push(t.image);
    }
  }
  return out;
}

/**
 * Where `attachComments` puts each comment (the emitter's JSDoc and the language server read them
 * there): per commented node in tree order, its leading, trailing and dangling comments.
 */
export function commentPlaces(text: string): string[] {
  const r = parse(text, 'x.incep');
  if (!r.ast) expect.fail(`expected it to parse: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (!v || typeof v !== 'object') return;
    const node = v as { kind?: string; comments?: A.Comments | A.Comment[] };
    const c = node.comments;
    if (c && !Array.isArray(c) && (c.leading.length > 0 || c.trailing || (c.dangling?.length ?? 0) > 0)) {
      const texts = (list: A.Comment[] | undefined) => (list ?? []).map((x) => x.text).join(' | ');
      out.push(
        `${node.kind}: leading [${texts(c.leading)}] trailing [${c.trailing?.text ?? ''}] dangling [${texts(c.dangling)}]`,
      );
    }
    for (const [k, x] of Object.entries(v)) if (k !== 'span' && k !== 'comments') walk(x);
  };
  walk(r.ast);
  out.push(`end of file: [${r.ast.trailingComments.map((x) => x.text).join(' | ')}]`);
  return out;
}

/**
 * Formats `text` and checks what formatting keeps: the meaning, the words and comments in their
 * places, and the fixed point (formatting the result changes nothing). With `attachments`, also
 * that `attachComments` attaches each comment to the same node (true of any text whose bodies
 * hold no statement continued from a `{` line across a comment). Returns the canonical form.
 */
export function expectFormatKeeps(text: string, options: { attachments?: boolean } = {}): string {
  const formatted = formatOk(text);
  expect(meaning(formatted), 'the program').to.deep.equal(meaning(text));
  expect(wordsAndComments(formatted), 'words and comments').to.deep.equal(wordsAndComments(text));
  if (options.attachments) expect(commentPlaces(formatted), 'comment attachments').to.deep.equal(commentPlaces(text));
  expect(formatOk(formatted), 'formatting the canonical form again').to.equal(formatted);
  return formatted;
}
