/** Where the cursor stands, as far as completion cares. */
export type CompletionContext =
  /** In a comment or a string: nothing to offer. */
  | { kind: 'none' }
  /** Where a statement starts: ops, blocks and keywords. */
  | { kind: 'statement' }
  /** After the first word of a statement (`conv 64 |`): that op's settings. */
  | { kind: 'settings'; callee: string }
  /** Inside `callee(…)`: its keys, less those already written. */
  | { kind: 'arguments'; callee: string; written: string[] };

const WORD = /([A-Za-z_][A-Za-z0-9_]*)\s*$/;

/**
 * Reads the text before the cursor — not the syntax tree, which does not exist while a statement
 * is half typed — to tell what may come next.
 */
export function completionContext(text: string, offset: number): CompletionContext {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = text.slice(lineStart, offset);
  const quotes = (line.match(/"/g) ?? []).length;
  if (quotes % 2 === 1) return { kind: 'none' };
  if (line.replace(/"[^"]*"/g, '').includes('#')) return { kind: 'none' };

  // An open parenthesis of this statement: an argument list (`A(`, `bn(`). Comments and strings
  // of earlier lines are blanked first: a `(` in `# see (Figure 5` opens nothing.
  const from = Math.max(0, offset - 4000);
  const window = text.slice(from, offset).replace(/"[^"\n]*"|#[^\n]*/g, (m) => ' '.repeat(m.length));
  let depth = 0;
  for (let i = offset - 1; i >= from; i--) {
    const c = window[i - from];
    if (c === '{' || c === '}' || c === ';') break;
    if (c === ')') depth++;
    else if (c === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const callee = WORD.exec(window.slice(Math.max(0, i - from - 200), i - from))?.[1];
      if (callee === undefined) return { kind: 'none' };
      const inside = text.slice(i + 1, offset);
      const written = [...inside.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*=/g)].map((m) => m[1]!);
      return { kind: 'arguments', callee, written };
    }
  }

  const start = Math.max(
    text.lastIndexOf('\n', offset - 1),
    text.lastIndexOf(';', offset - 1),
    text.lastIndexOf('{', offset - 1),
  );
  const words = text
    .slice(start + 1, offset)
    .trimStart()
    .split(/\s+/);
  if (words.length <= 1) return { kind: 'statement' };
  // `project conv in 1x1`, and `conv: nobias` in `defaults`.
  const first = words[0] === 'project' ? words[1]! : words[0]!;
  if (words.length === 2 && words[0] === 'project') return { kind: 'statement' };
  if (words.slice(0, -1).includes('as')) return { kind: 'none' };
  const callee = /^[A-Za-z_][A-Za-z0-9_]*/.exec(first)?.[0];
  return callee === undefined ? { kind: 'none' } : { kind: 'settings', callee };
}
