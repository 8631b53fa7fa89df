import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import type { IToken } from 'chevrotain';
import { incepLexer, lastOffset } from '../../grammar/tokens.js';
import { compile } from '../../src/compile.js';
import { seededRandom } from '../../src/data/seededRandom.js';
import { formatSource } from '../../src/format/formatSource.js';
import { parse } from '../../src/syntax/parse.js';
import { fixture } from '../fixtures/helpers.js';
import { mutate } from '../fuzz/mutateSpec.js';
import { expectFormatKeeps, formatOk } from './formatProperties.js';

/** Every spec of the zoo, models and library, by its path from the repository root. */
const ZOO = [
  ...readdirSync('specs')
    .filter((f) => f.endsWith('.incep'))
    .map((f) => `specs/${f}`),
  ...readdirSync('specs/lib')
    .filter((f) => f.endsWith('.incep'))
    .map((f) => `specs/lib/${f}`),
].map((path) => ({ path, text: readFileSync(path, 'utf8') }));

const MODELS = ZOO.filter((z) => !z.path.startsWith('specs/lib/'));

/**
 * `text` laid out badly in every way the formatter undoes, meaning unchanged: each line indented
 * anew (blanks and tabs, by line number) and ended with blanks, blanks added between tokens (not
 * after a `/` or `-`, where a blank can change a stride into a division), blank lines doubled, and
 * every `{` that ends a line moved to a line of its own.
 */
function respace(text: string): string {
  const lexed = incepLexer.tokenize(text);
  const tokens = [...lexed.tokens, ...(lexed.groups['comments'] ?? [])]
    .filter((t) => t.tokenType.name !== 'Newline')
    .sort((a, b) => a.startOffset - b.startOffset);
  // Only a `{` that ends its line moves: every body around it already spans lines, so the move
  // cannot turn a one-line body into a multi-line one.
  const endsLine = (brace: IToken) => /^[ \t]*\r?\n/.test(text.slice(lastOffset(brace) + 1));
  let line = 0;
  const indent = () => ' '.repeat((line * 5) % 7) + (line % 3 === 0 ? '\t' : '');
  let out = indent();
  tokens.forEach((tok, i) => {
    const prev = tokens[i - 1];
    const gap = prev ? text.slice(lastOffset(prev) + 1, tok.startOffset) : text.slice(0, tok.startOffset);
    const breaks = (gap.match(/\n/g) ?? []).length;
    if (breaks > 0) {
      const blank = breaks > 1 ? 2 * (breaks - 1) : 0;
      out += ' \t';
      for (let k = 0; k < 1 + blank; k++) {
        line++;
        out += '\n' + (k === blank ? indent() : '');
      }
    } else if (prev && tok.tokenType.name === 'LCurly' && endsLine(tok)) {
      line++;
      out += '\n' + indent();
    } else if (prev && prev.tokenType.name !== 'Slash' && prev.tokenType.name !== 'Minus') {
      out += gap + '  ';
    } else {
      out += gap;
    }
    out += tok.image;
  });
  return out + '\n\n\n';
}

/** A compiled model as data, without source positions (which formatting moves). */
function compiled(text: string, path: string): unknown {
  const r = compile(text, { filename: path });
  expect(r.ok, r.diagnostics.map((d) => d.message).join('\n')).to.equal(true);
  return JSON.parse(
    JSON.stringify({ ir: r.ir, module: r.module }, (k, v: unknown) => (/span$/i.test(k) ? undefined : v)),
  );
}

describe('format/formatSource', () => {
  describe('the zoo', () => {
    for (const { path, text } of ZOO) {
      it(`${path} is canonical, comments attached where they were`, () => {
        expect(expectFormatKeeps(text, { attachments: true })).to.equal(text);
      });

      it(`${path} re-indented, re-spaced, with doubled blank lines and braces moved formats back byte for byte`, () => {
        const messy = respace(text);
        expect(messy).to.not.equal(text);
        expect(formatOk(messy)).to.equal(text);
      });
    }

    for (const { path, text } of MODELS) {
      it(`${path}: formatting does not change the compiled model (IR and module IR)`, () => {
        const messy = respace(text);
        expect(compiled(formatOk(messy), path)).to.deep.equal(compiled(messy, path));
      });
    }
  });

  describe('comments stay where they are (and formatting is idempotent)', () => {
    const cases: Array<{ name: string; text: string; expected: string }> = [
      {
        name: 'a comment before the first line and after the last',
        text: '# first\nblock B { conv 8 1x1 }\n# last',
        expected: '# first\nblock B { conv 8 1x1 }\n# last\n',
      },
      {
        name: 'a comment at the end of a line inside a branch',
        text: 'block B {\n  branch a {\n    conv 8 1x1   # reduce\n    conv 8 3x3\n  }\n}\n',
        expected: 'block B {\n  branch a {\n    conv 8 1x1  # reduce\n    conv 8 3x3\n  }\n}\n',
      },
      {
        name: 'a comment between branches',
        text: 'block B {\n  branch a { conv 8 1x1 }\n      # the pool path\n  branch b { maxpool 3x3 /1 same }\n}\n',
        expected: 'block B {\n  branch a { conv 8 1x1 }\n  # the pool path\n  branch b { maxpool 3x3 /1 same }\n}\n',
      },
      {
        name: 'a comment inside an empty block',
        text: 'block B {\n# nothing yet\n}\n',
        expected: 'block B {\n  # nothing yet\n}\n',
      },
      {
        name: 'a comment after an import',
        text: 'import "lib/stems.incep"   # the Keras stem\nblock B { KerasStem }\n',
        expected: 'import "lib/stems.incep"  # the Keras stem\nblock B { KerasStem }\n',
      },
      { name: 'a comment-only file', text: '  # one\n\n\n\t# two   \n', expected: '# one\n\n# two\n' },
      {
        name: 'a comment on a header line, and one after its `}`',
        text: 'model M {  # the model\n  stem { conv 8 3x3 }\n}  # end\n',
        expected: 'model M {  # the model\n  stem { conv 8 3x3 }\n}  # end\n',
      },
      {
        name: 'dangling comments at the end of a body, after a blank line',
        text: 'model M {\n  stem {\n    conv 8 3x3\n\n    # more to come\n  }\n}\n',
        expected: 'model M {\n  stem {\n    conv 8 3x3\n\n    # more to come\n  }\n}\n',
      },
      {
        name: 'trailing comments of consecutive lines line up; a blank line or a bare line ends the run',
        text: 'model M {\n  stem {\n    conv 8 3x3 # a\n    conv 16 3x3 /2 # b\n\n    conv 8 1x1 # c\n    flatten\n    dense 10 # d\n  }\n}\n',
        expected:
          'model M {\n  stem {\n    conv 8 3x3      # a\n    conv 16 3x3 /2  # b\n\n    conv 8 1x1  # c\n    flatten\n    dense 10  # d\n  }\n}\n',
      },
      {
        name: 'a comment between a header and a `{` on the next line keeps the `{` there',
        text: 'model M\n# why\n{\n  stem { conv 8 3x3 }\n}\n',
        expected: 'model M\n# why\n{\n  stem { conv 8 3x3 }\n}\n',
      },
      {
        name: 'a comment after a `{` written on its own line keeps the `{` there',
        text: 'model M\n{  # why\n  stem { conv 8 3x3 }\n}\n',
        expected: 'model M\n{  # why\n  stem { conv 8 3x3 }\n}\n',
      },
      {
        name: 'comments inside a continued defaults line',
        text: 'model M {\n  defaults {\n    conv: nobias,  # no bias\n      # BN next\n      bn(scale=false)\n  }\n}\n',
        expected:
          'model M {\n  defaults {\n    conv: nobias,  # no bias\n      # BN next\n      bn(scale=false)\n  }\n}\n',
      },
      {
        name: 'comment text is kept as written: no blank added after `#`, inner alignment kept',
        text: '#!note\n#   k    l\n#  192  224\nblock B { conv 8 1x1 }\n',
        expected: '#!note\n#   k    l\n#  192  224\nblock B { conv 8 1x1 }\n',
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        expect(expectFormatKeeps(c.text, { attachments: true })).to.equal(c.expected);
      });
    }
  });

  describe('layout rules', () => {
    const cases: Array<{ name: string; text: string; expected: string }> = [
      {
        name: 'indentation is two blanks a level, whatever was written',
        text: 'model M {\n\tinput 8x8x3\n        stem {\n conv 8 3x3\n    }\n}\n',
        expected: 'model M {\n  input 8x8x3\n  stem {\n    conv 8 3x3\n  }\n}\n',
      },
      {
        name: 'one blank between words; none inside parentheses, before `,` or around `=`',
        text: 'block B(  a ,b = 2 )   residual ( scale = 0.1 )  {  conv   a  3x3  ,  /2  bn( epsilon = 0.001 )  }\n',
        expected: 'block B(a, b=2) residual(scale=0.1) { conv a 3x3, /2 bn(epsilon=0.001) }\n',
      },
      {
        name: 'an argument list is written against its name (it is one, blank or not): `dense (n)` is `dense(n)`',
        text: 'block B(n) { dense (n // 2) relu }\n',
        expected: 'block B(n) { dense(n // 2) relu }\n',
      },
      {
        name: 'arithmetic operators take a blank each side; strides and signs none after',
        text: 'block B(c=2*(3+1)-1) { conv k=c*2 3x3 / 2; conv k=c/2; conv k=c /2; conv 8 -1; op(a= - 1, b=-(c%2)) }\n',
        expected:
          'block B(c=2 * (3 + 1) - 1) { conv k=c * 2 3x3 /2; conv k=c / 2; conv k=c /2; conv 8 -1; op(a=-1, b=-(c % 2)) }\n',
      },
      {
        name: '`x` and `as` take a blank each side',
        text: 'model M {\n  body {    A(32)   x   2   as   mixed1   }\n}\n',
        expected: 'model M {\n  body { A(32) x 2 as mixed1 }\n}\n',
      },
      {
        name: 'a body opened on the next line joins its header',
        text: 'model M\n{\n  stem\n  {\n    conv 8 3x3\n  }\n  head\n  { dense 10 }\n}\n',
        expected: 'model M {\n  stem {\n    conv 8 3x3\n  }\n  head { dense 10 }\n}\n',
      },
      {
        name: 'a body written over several lines has each brace on its own line; one on one line stays on one',
        text: 'block B { branch a { conv 8 1x1 }\n  branch b { conv 8 1x1; conv 8 3x3 } }\n',
        expected: 'block B {\n  branch a { conv 8 1x1 }\n  branch b { conv 8 1x1; conv 8 3x3 }\n}\n',
      },
      {
        name: "a split's next group joins the `}` before it",
        text: 'block B {\n  split {\n    conv 8 1x1\n  }\n  {\n    conv 8 3x3\n  } as s\n}\n',
        expected: 'block B {\n  split {\n    conv 8 1x1\n  } {\n    conv 8 3x3\n  } as s\n}\n',
      },
      {
        name: 'an empty body is `{}`',
        text: 'block B {\n\n}\nblock C { }\nblock D { ; }\n',
        expected: 'block B {}\nblock C {}\nblock D {}\n',
      },
      {
        name: 'at most one blank line in a row; none at the start or end of a file or a body',
        text: '\n\n\nblock B {\n\n\n  conv 8 1x1\n\n\n\n  conv 8 3x3\n\n}\n\n\n\nblock C { conv 8 1x1 }\n\n\n',
        expected: 'block B {\n  conv 8 1x1\n\n  conv 8 3x3\n}\n\nblock C { conv 8 1x1 }\n',
      },
      {
        name: '`;` stays only between two things on a line',
        text: 'model M {\n  input 8x8x3; classes 10;\n  stem { ; conv 8 3x3;; conv 8 1x1; }\n  head {\n    dense 10;\n  }\n}\n',
        expected:
          'model M {\n  input 8x8x3; classes 10\n  stem { conv 8 3x3; conv 8 1x1 }\n  head {\n    dense 10\n  }\n}\n',
      },
      {
        name: 'a `;` after a trailing comma is the only end of its statement, so it stays',
        text: 'model M {\n  stem {\n    conv 8,;\n    conv 8 1x1\n  }\n}\n',
        expected: 'model M {\n  stem {\n    conv 8,;\n    conv 8 1x1\n  }\n}\n',
      },
      {
        name: 'continued lines: one step in, one more per open parenthesis, a closing `)` back out',
        text: 'model M {\n  defaults {\n    conv: nobias,\n          bn(epsilon=0.001,\n             scale=false),\n          relu same\n  }\n  stem {\n    op(\n 8,\n 3x3\n        )\n  }\n}\n',
        expected:
          'model M {\n  defaults {\n    conv: nobias,\n      bn(epsilon=0.001,\n        scale=false),\n      relu same\n  }\n  stem {\n    op(\n      8,\n      3x3\n    )\n  }\n}\n',
      },
      {
        name: 'Windows line endings and trailing blanks go',
        text: 'block B {  \r\n  conv 8 1x1\t\r\n}\r\n',
        expected: 'block B {\n  conv 8 1x1\n}\n',
      },
      { name: 'an empty file stays empty', text: '', expected: '' },
      { name: 'a file of blank lines is empty', text: '\n \n\t\n', expected: '' },
    ];
    for (const c of cases) {
      it(c.name, () => {
        expect(expectFormatKeeps(c.text, { attachments: true })).to.equal(c.expected);
      });
    }
  });

  describe('errors', () => {
    it('refuses a text with syntax errors, with the errors parse reports', () => {
      const text = 'model M {\n  stem { conv 8 3x3 ( }\n}\n';
      const r = formatSource(text, 'bad.incep');
      expect(r.ok).to.equal(false);
      if (r.ok) return;
      expect(r.diagnostics).to.deep.equal(parse(text, 'bad.incep').diagnostics);
      expect(r.diagnostics.map((d) => [d.code, d.span?.file, d.span?.start.line])).to.deep.equal([
        ['E0201', 'bad.incep', 2],
      ]);
    });

    it('refuses a text with a lexical error', () => {
      const r = formatSource('block B { conv 8 3×3 }\n', 'bad.incep');
      expect(r.ok ? [] : r.diagnostics.map((d) => d.code)).to.deep.equal(['E0101']);
    });

    it('formats a text with errors only the checker finds (an unknown op, a missing block)', () => {
      const text = 'model M {\n  input 8x8x3\n  stem {   cnov 8 3x3 ;  Missing x 2 }\n}\n';
      expect(compile(text).ok).to.equal(false);
      expect(formatOk(text)).to.equal('model M {\n  input 8x8x3\n  stem { cnov 8 3x3; Missing x 2 }\n}\n');
    });
  });

  describe('properties over many texts', () => {
    const KITCHEN_SINK = readFileSync(fixture('kitchen_sink.incep'), 'utf8');

    it('the kitchen-sink fixture: program, comments and their attachments kept; idempotent', () => {
      expectFormatKeeps(KITCHEN_SINK, { attachments: true });
      expectFormatKeeps(respace(KITCHEN_SINK), { attachments: true });
    });

    it('seeded mutations of the zoo that still parse keep their program and comments, and are idempotent', () => {
      const rand = seededRandom(20261203);
      let formatted = 0;
      for (let i = 0; i < 400; i++) {
        let text = ZOO[i % ZOO.length]!.text;
        for (let r = 1 + Math.floor(rand() * 3); r > 0; r--) text = mutate(text, rand);
        if (!formatSource(text, 'x.incep').ok) continue;
        formatted++;
        expectFormatKeeps(text);
      }
      expect(formatted).to.be.greaterThan(40);
    });

    it('seeded changes of the gaps between tokens (line breaks, blanks, `;`, comments) keep the program', () => {
      const GAPS = ['', ' ', '   ', '\n', '\n\n\n', ' ;', '; ', '\t', '  # c\n', '\n# own\n', ',', ' ('];
      const rand = seededRandom(12);
      const bases = [...ZOO.map((z) => z.text), KITCHEN_SINK];
      let formatted = 0;
      for (let i = 0; i < 400; i++) {
        let text = bases[i % bases.length]!;
        const tokens = incepLexer.tokenize(text).tokens.filter((t) => t.tokenType.name !== 'Newline');
        const picks = Array.from({ length: 1 + Math.floor(rand() * 5) }, () =>
          Math.floor(rand() * (tokens.length - 1)),
        );
        // From the end backwards, so the offsets of the gaps still to change stay right.
        for (const j of [...new Set(picks)].sort((a, b) => b - a)) {
          const gap = GAPS[Math.floor(rand() * GAPS.length)]!;
          text = text.slice(0, lastOffset(tokens[j]!) + 1) + gap + text.slice(tokens[j + 1]!.startOffset);
        }
        if (!formatSource(text, 'x.incep').ok) continue;
        formatted++;
        expectFormatKeeps(text);
      }
      expect(formatted).to.be.greaterThan(80);
    });
  });
});
