import { readdirSync, readFileSync } from 'node:fs';

import { incepLexer, lastOffset } from '../../grammar/tokens.js';

/** The zoo's specs, each with its text. */
export const ZOO = readdirSync('specs')
  .filter((f) => f.endsWith('.incep'))
  .map((f) => ({ name: f, text: readFileSync(`specs/${f}`, 'utf8') }));

/** The zoo's library files by their path from the repository root, for `compile`'s `readFile`. */
export const LIB: Readonly<Record<string, string>> = Object.fromEntries(
  readdirSync('specs/lib').map((f) => [`specs/lib/${f}`, readFileSync(`specs/lib/${f}`, 'utf8')]),
);

/** Reads an import of a zoo spec from `LIB`. */
export function readLib(path: string): string | undefined {
  return LIB[path.replace(/^.*?specs\//, 'specs/')];
}

/** Replacements a mutation may put where a token was: edge values and the language's punctuation. */
const ODD = [
  '0',
  '-1',
  '1e309',
  '99999999',
  '0.0',
  '3x0',
  '/0',
  '{',
  '}',
  '(',
  ')',
  ';',
  ',',
  'x',
  'in',
  'classes',
  '"x.incep"',
  '#',
];

/**
 * One grammar-aware mutation of `text`: a token deleted, doubled, swapped with its neighbour,
 * replaced by another token of the file, or by an edge value or punctuation.
 */
export function mutate(text: string, rand: () => number): string {
  const tokens = incepLexer.tokenize(text).tokens;
  const pick = () => tokens[Math.floor(rand() * tokens.length)]!;
  const t = pick();
  const start = t.startOffset;
  const end = lastOffset(t) + 1;
  const splice = (replacement: string) => text.slice(0, start) + replacement + text.slice(end);
  switch (Math.floor(rand() * 5)) {
    case 0:
      return splice('');
    case 1:
      return splice(`${t.image} ${t.image}`);
    case 2: {
      const next = tokens[tokens.indexOf(t) + 1];
      return next
        ? text.slice(0, start) +
            next.image +
            text.slice(end, next.startOffset) +
            t.image +
            text.slice(lastOffset(next) + 1)
        : text;
    }
    case 3:
      return splice(pick().image);
    default:
      return splice(ODD[Math.floor(rand() * ODD.length)]!);
  }
}
