import { expect } from 'chai';
import type { TokenType } from 'chevrotain';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as T from '../../grammar/tokens.js';
import { SPECIMENS, ZOO } from './specimens.js';

const EXTENSION = fileURLToPath(new URL('../../editors/vscode/', import.meta.url));

interface LanguageConfiguration {
  comments: { lineComment?: string; blockComment?: [string, string] };
  brackets: Array<[string, string]>;
  autoClosingPairs: Array<{ open: string; close: string; notIn?: string[] }>;
  surroundingPairs: Array<[string, string]>;
  wordPattern: string;
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
}

const config = JSON.parse(
  readFileSync(join(EXTENSION, 'language-configuration.json'), 'utf8'),
) as LanguageConfiguration;

/** The one character a punctuation token matches (`/\(/` → `(`). */
function literal(token: TokenType): string {
  const source = (token.PATTERN as RegExp).source;
  return source.replace(/^\\/, '');
}

/** The lexer's bracket pairs: `LCurly`/`RCurly`, `LParen`/`RParen`, and any later `LSomething`. */
const LEXER_BRACKETS = T.allTokens.flatMap((open) => {
  const close = T.allTokens.find((t) => t.name === `R${open.name.slice(1)}`);
  return open.name.startsWith('L') && close ? [[literal(open), literal(close)] as [string, string]] : [];
});

describe('editors/vscode language-configuration.json', () => {
  it('comments lines with what the lexer reads as a comment, and has no block comment (the lexer has none)', () => {
    const marker = config.comments.lineComment!;
    const line = `${marker} conv 64 3x3 "x" { (`;
    const lexed = T.incepLexer.tokenize(`${line}\nmodel M {}`);
    expect(lexed.groups['comments']!.map((c) => c.image)).to.deep.equal([line]);
    expect(config.comments.blockComment).to.equal(undefined);
  });

  it('matches exactly the bracket pairs the lexer defines', () => {
    expect(LEXER_BRACKETS).to.have.length(2);
    expect(config.brackets).to.have.deep.members(LEXER_BRACKETS);
    expect(config.brackets).to.have.length(LEXER_BRACKETS.length);
  });

  it("auto-closes and surrounds with the brackets and the lexer's string quote", () => {
    const quote = (T.StringLiteral.PATTERN as RegExp).source[0]!;
    expect(quote).to.equal('"');
    const pairs = [...LEXER_BRACKETS, [quote, quote]];
    expect(config.autoClosingPairs.map((p) => [p.open, p.close])).to.have.deep.members(pairs);
    expect(config.surroundingPairs).to.have.deep.members(pairs);
    expect(config.autoClosingPairs.find((p) => p.open === quote)!.notIn).to.have.members(['string', 'comment']);
  });

  for (const spec of SPECIMENS) {
    it(`selects every size, number and name of ${spec.name} as one word, as the lexer reads it`, () => {
      const words = [T.Dims, T.Float, T.Int, T.Identifier];
      const wrong: string[] = [];
      for (const token of T.incepLexer.tokenize(spec.text).tokens) {
        if (!words.includes(token.tokenType) && !token.tokenType.CATEGORIES?.includes(T.Name)) continue;
        const pattern = new RegExp(config.wordPattern, 'y');
        pattern.lastIndex = token.startOffset;
        const word = pattern.exec(spec.text)?.[0];
        if (word !== token.image) wrong.push(`${token.startLine}:${token.startColumn} '${token.image}' → '${word}'`);
      }
      expect(wrong).to.deep.equal([]);
    });
  }

  // The zoo only: the kitchen sink aligns continued arguments by hand, which no rule predicts.
  for (const spec of ZOO) {
    it(`indents ${spec.name} as it is written: in after a line that opens a bracket, out at a closing one`, () => {
      const increase = new RegExp(config.indentationRules.increaseIndentPattern);
      const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
      const lines = spec.text.split('\n');
      const indent = (line: string): number => /^ */.exec(line)![0].length;
      const wrong: string[] = [];
      lines.forEach((line, i) => {
        if (line.trim() === '' || line.trim().startsWith('#')) return;
        const next = lines.slice(i + 1).find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
        if (next !== undefined && increase.test(line) !== indent(next) > indent(line)) {
          wrong.push(`${i + 1}: increase=${increase.test(line)}: ${line}`);
        }
        const previous = lines
          .slice(0, i)
          .reverse()
          .find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
        if (previous !== undefined && decrease.test(line) !== indent(line) < indent(previous)) {
          wrong.push(`${i + 1}: decrease=${decrease.test(line)}: ${line}`);
        }
      });
      expect(wrong).to.deep.equal([]);
    });
  }
});
