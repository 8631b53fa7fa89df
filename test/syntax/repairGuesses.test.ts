import { expect } from 'chai';

import { compileText } from '../fixtures/helpers.js';

/** A model whose stem holds `ops` on line 3, column 10 onwards. */
const stem = (ops: string) => `model M {\n  input 32x32x3\n  stem { ${ops} }\n}\n`;

interface Case {
  name: string;
  source: string;
  /** `line:column` of the one diagnostic, its message and its hint. */
  at: string;
  message: RegExp;
  hint: string;
}

// Habits from Keras and PyTorch that the grammar cannot read: one error each, at the guess, with
// incep's spelling — never the cascade of syntax errors the unrepaired tokens would give.
const CASES: Case[] = [
  {
    name: 'a size as a tuple',
    source: stem('conv 64 (3,3)'),
    at: '3:18',
    message: /^sizes are written `3x3`, not `\(3,3\)`$/,
    hint: 'write `conv 64 3x3`',
  },
  {
    name: 'a spaced tuple after a key',
    source: stem('conv 64 kernel=(1, 7)'),
    at: '3:25',
    message: /^sizes are written `1x7`, not `\(1, 7\)`$/,
    hint: 'write `1x7`',
  },
  {
    name: 'strides as a tuple',
    source: stem('conv 64 3x3 strides=(2,2)'),
    at: '3:30',
    message: /^sizes are written `2x2`/,
    hint: 'write the stride after the size, `/2`, or as `stride=2`',
  },
  {
    name: 'unequal strides as a tuple',
    source: stem('conv 64 3x3 stride=(2,1)'),
    at: '3:29',
    message: /^sizes are written `2x1`/,
    hint: 'write `stride=2x1`',
  },
  {
    name: 'an arrow between ops',
    source: stem('conv 16 1x1 -> conv 16 3x3'),
    at: '3:22',
    message: /^'->' does not chain ops/,
    hint: 'separate the ops with `;` or put the next one on a new line: `conv 64 1x1; conv 96 3x3`',
  },
  {
    name: 'residual settings without parentheses',
    source: 'model M {\n  input 32x32x3\n  block R residual scale 0.2 {\n    conv 3 1x1\n  }\n  stem { R }\n}\n',
    at: '3:20',
    message: /^residual settings go in parentheses$/,
    hint: 'write `residual(scale=0.2)`',
  },
  {
    name: 'two residual settings, one with =',
    source:
      'model M {\n  input 32x32x3\n  block R residual scale=0.1 act linear {\n    conv 3 1x1\n  }\n  stem { R }\n}\n',
    at: '3:20',
    message: /^residual settings go in parentheses$/,
    hint: 'write `residual(scale=0.1, act=linear)`',
  },
];

describe('syntax: repaired guesses', () => {
  for (const c of CASES) {
    it(`${c.name}: one error at ${c.at} with incep's spelling`, () => {
      const r = compileText(c.source);
      expect(r.diagnostics, r.diagnostics.map((d) => d.message).join('\n')).to.have.length(1);
      const d = r.diagnostics[0]!;
      expect(d.code).to.equal('E0201');
      expect(`${String(d.span!.start.line)}:${String(d.span!.start.column)}`).to.equal(c.at);
      expect(d.message).to.match(c.message);
      expect(d.hint).to.equal(c.hint);
    });
  }

  it('still finds the syntax errors elsewhere in the file', () => {
    const r = compileText('model M {\n  input 32x32x3\n  stem { conv 64 (3,3) }\n  body { conv 8 1x1 ) }\n}\n');
    expect(r.diagnostics.map((d) => `${d.code} ${String(d.span!.start.line)}`)).to.deep.equal(['E0201 3', 'E0201 4']);
  });

  it('applies the fix it prints: the repaired spelling compiles', () => {
    for (const [guess, fixed] of [
      ['conv 64 (3,3)', 'conv 64 3x3'],
      ['conv 16 1x1 -> conv 16 3x3', 'conv 16 1x1; conv 16 3x3'],
    ] as const) {
      expect(compileText(stem(guess)).diagnostics).to.have.length(1);
      expect(compileText(stem(fixed)).diagnostics).to.deep.equal([]);
    }
  });

  const untouched: Array<[string, string]> = [
    ['a block call with two arguments', 'block B(a, b) {\n    conv a 1x1; conv b 1x1\n  }\n  stem { B(3,3) }'],
    ['a parenthesised expression after a key', 'block B(c) {\n    conv 8 kernel=(c) 1x1\n  }\n  stem { B(3) }'],
    ['a minus in an expression', 'block B(c) {\n    conv (c - 1) 1x1\n  }\n  stem { B(9) }'],
  ];
  for (const [name, items] of untouched) {
    it(`leaves ${name} alone`, () => {
      const r = compileText(`model M {\n  input 32x32x3\n  ${items}\n}\n`);
      expect(r.diagnostics.filter((d) => d.code === 'E0201')).to.deep.equal([]);
    });
  }
});
