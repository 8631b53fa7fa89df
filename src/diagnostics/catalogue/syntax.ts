import type { CatalogueEntry } from '../catalogue.js';

/** The codes of reading a spec: E01xx (the lexer and the input limits) and E02xx (the parser). */
export const SYNTAX_ENTRIES = {
  E0100: {
    severity: 'error',
    title: 'file too large',
    explanation:
      'A spec file is larger than 4 MiB (4,194,304 characters), or holds more than 500,000 tokens. ' +
      'The limits keep any input from exhausting memory before an error can be shown; no real ' +
      'network comes near them (a 10,000-line spec has about 150,000 tokens). Usually the wrong file ' +
      'was passed. Split a very large spec into files joined with `import`.',
    examples: [
      { what: 'the file is larger than 4 MiB', source: null },
      { what: 'the file holds more than 500,000 tokens', source: null },
    ],
  },
  E0101: {
    severity: 'error',
    title: 'lexical error',
    explanation:
      'The text has a character that no token starts with, a number or size running into a name ' +
      '(`3a`, `3x3x`), or a string not closed on its line. Outside comments and strings only ASCII ' +
      'is accepted, so a pasted `3×3` (multiplication sign) is the usual cause: write a plain `x`.',
    examples: [
      { what: 'a character no token starts with', source: 'model M { input 8x8x3; stem { conv 8 3x3 @ } }' },
      { what: 'non-ASCII outside comments and strings', source: 'model M { input 8x8x3; stem { conv 8 3×3 } }' },
      { what: 'a string not closed on its line', source: 'import "lib.incep' },
    ],
  },
  E0102: {
    severity: 'error',
    title: 'brackets nested too deep',
    explanation:
      '`(` and `{` are nested more than 256 deep. The cap keeps the parser within its stack; no ' +
      'network needs this depth. Flatten the expression or the nested splits.',
    examples: [{ what: 'brackets nested more than 256 deep', source: null }],
  },
  E0103: {
    severity: 'error',
    title: 'spec too long or too deeply chained',
    explanation:
      'Compiling the spec used up the call stack: a very long expression, or a long chain of blocks ' +
      'that call blocks, is walked recursively. This is about the size of the spec, not a bug in ' +
      'incep. Split long expressions and shorten the chains of blocks.',
    examples: [{ what: 'a spec too long or too deeply chained to compile', source: null }],
  },
  E0201: {
    severity: 'error',
    title: 'syntax error',
    explanation:
      'The parser expected one thing and found another: an unbalanced bracket, a file that ends ' +
      'inside braces, a misspelt model or file item, a keyword (`x`, `at`, `as`, …) used as a name, ' +
      'or two calls on one line without `;`. The message names what was expected; the parser ' +
      'recovers, so several syntax errors can be reported in one run.',
    examples: [
      { what: 'syntax error: expected … but found …', source: 'model M { input 8x8x3; stem { conv 8 3x3 ) } }' },
      { what: 'end of file inside braces', source: 'model M { input 8x8x3' },
      { what: 'a word where a model item belongs', source: 'model M { input 8x8x3; stme { conv 8 3x3 } }' },
      { what: 'a word where a file item belongs', source: 'modle M { input 8x8x3 }' },
      { what: 'a keyword where a name belongs', source: 'model M { input 8x8x3; aux x at input { flatten } }' },
      {
        what: 'two calls on one line without `;`',
        source: 'model M { input 8x8x3; stem { conv 8 1x1 as c conv 8 1x1 } }',
      },
    ],
  },
} as const satisfies Record<string, CatalogueEntry>;
