import { expect } from 'chai';
import type { CstNode, IToken, TokenType } from 'chevrotain';
import type { IGrammar } from 'vscode-textmate';

import { incepParser, parseTokens } from '../../grammar/parser.js';
import * as T from '../../grammar/tokens.js';
import { SURFACE_OPS } from '../../src/ops/registry.js';
import { OPTION_CALLS, VALUE_WORDS } from '../../src/ops/words.js';
import { filterNewlines } from '../../src/syntax/filterNewlines.js';
import { loadIncepGrammar } from './loadIncepGrammar.js';
import { SPECIMENS } from './specimens.js';
import { tokenizeIncep, type ScopedToken } from './tokenizeIncep.js';

/** The lexer's keywords: the tokens whose pattern is one lowercase word (`model`, `in`, `x`, …). */
const LEXER_KEYWORDS = T.allTokens
  .filter((t) => t.PATTERN instanceof RegExp && /^[a-z]+$/.test(t.PATTERN.source))
  .map((t) => ({ word: (t.PATTERN as RegExp).source, type: t }));

/** The scope a token gets by its type alone, wherever it stands. */
const BY_TYPE = new Map<TokenType, string>([
  [T.Dims, 'constant.numeric.size.incep'],
  [T.Float, 'constant.numeric.float.incep'],
  [T.Int, 'constant.numeric.integer.incep'],
  [T.StringLiteral, 'string.quoted.double.incep'],
  [T.Plus, 'keyword.operator.arithmetic.incep'],
  [T.Minus, 'keyword.operator.arithmetic.incep'],
  [T.Star, 'keyword.operator.arithmetic.incep'],
  [T.Slash, 'keyword.operator.arithmetic.incep'],
  [T.DoubleSlash, 'keyword.operator.arithmetic.incep'],
  [T.Percent, 'keyword.operator.arithmetic.incep'],
  [T.Equals, 'keyword.operator.assignment.incep'],
  [T.Comma, 'punctuation.separator.comma.incep'],
  [T.Colon, 'punctuation.separator.colon.incep'],
  [T.Semicolon, 'punctuation.terminator.statement.incep'],
  [T.LCurly, 'punctuation.section.block.begin.incep'],
  [T.RCurly, 'punctuation.section.block.end.incep'],
  [T.LParen, 'punctuation.section.parens.begin.incep'],
  [T.RParen, 'punctuation.section.parens.end.incep'],
]);

/** Keywords, where the parser reads them as keywords (a soft keyword can also be a plain name). */
const KEYWORD_SCOPES: Record<string, string> = {
  model: 'storage.type.model.incep',
  block: 'storage.type.block.incep',
  branch: 'keyword.control.branch.incep',
  split: 'keyword.control.split.incep',
  residual: 'keyword.control.residual.incep',
  import: 'keyword.control.import.incep',
  as: 'keyword.control.as.incep',
  at: 'keyword.control.at.incep',
  x: 'keyword.control.repeat.incep',
  input: 'keyword.other.input.incep',
  classes: 'keyword.other.classes.incep',
  defaults: 'keyword.other.defaults.incep',
  stem: 'keyword.other.stem.incep',
  body: 'keyword.other.body.incep',
  head: 'keyword.other.head.incep',
  aux: 'keyword.other.aux.incep',
  train: 'keyword.other.train.incep',
  weight: 'keyword.other.weight.incep',
  project: 'keyword.control.project.incep',
  in: 'variable.language.in.incep',
};

/**
 * A line that uses each keyword as one, and where: a new keyword in the lexer without a sample
 * here (and a rule in the grammar) fails the coverage test.
 */
const KEYWORD_SAMPLES: Record<string, string> = {
  model: 'model M {',
  block: 'block B(p) {',
  branch: '  branch b1 { conv 8 1x1 }',
  split: '  split { conv 8 1x1 } { conv 8 3x3 } as s',
  residual: 'block R residual(scale=0.2) {',
  import: 'import "lib/stems.incep"',
  as: '  conv 8 1x1 as c1',
  at: '  aux logits at mixed7 {',
  x: '  B(4) x 2',
  input: '  input 32x32x3',
  classes: '  classes 10',
  defaults: '  defaults { conv: relu }',
  stem: '  stem { conv 8 3x3 }',
  body: '  body { B }',
  head: '  head { dense classes softmax }',
  aux: '  aux logits at mixed7 weight 0.3 {',
  train: '  train { epochs 3 }',
  weight: '  aux logits at mixed7 weight 0.3 {',
  project: '    project conv in 1x1 bias linear nobn',
  in: '    project conv in 1x1 bias linear nobn',
};

/** A token the parser consumed, with the rule and the CST key it is filed under. */
interface Placed {
  token: IToken;
  rule: string;
  key: string;
  next: IToken | undefined;
}

function placedTokens(text: string): Placed[] {
  const lexed = T.incepLexer.tokenize(text);
  const tokens = filterNewlines(lexed.tokens);
  const cst = parseTokens(tokens);
  expect(lexed.errors, 'lexer errors').to.deep.equal([]);
  expect(
    incepParser.errors.map((e) => e.message),
    'parse errors',
  ).to.deep.equal([]);
  const out: Placed[] = [];
  const visit = (node: CstNode): void => {
    for (const [key, children] of Object.entries(node.children)) {
      for (const child of children) {
        if ('image' in child) out.push({ token: child, rule: node.name, key, next: undefined });
        else visit(child);
      }
    }
  };
  visit(cst);
  out.sort((a, b) => a.token.startOffset - b.token.startOffset);
  out.forEach((p, i) => (p.next = out[i + 1]?.token));
  return out;
}

/** The scope a parsed token must carry, from its type or its role in the parse; undefined: none. */
function expectedScope(p: Placed): string | undefined {
  const { token, rule, key } = p;
  const type = token.tokenType;
  if (type === T.Newline) return undefined;
  const byType = BY_TYPE.get(type);
  if (byType) return byType;
  const keyword = LEXER_KEYWORDS.find((k) => k.type === type);
  if (keyword && key === type.name) return KEYWORD_SCOPES[keyword.word];
  const word = token.image;
  switch (`${rule}.${key}`) {
    case 'modelDecl.Identifier':
      return 'entity.name.type.model.incep';
    case 'blockDef.Identifier':
      return 'entity.name.function.block.incep';
    case 'callStmt.Identifier':
      return SURFACE_OPS.has(word) ? 'support.function.op.incep' : 'entity.name.function.block.incep';
    case 'defaultItem.Identifier':
      return 'support.function.op.incep';
    case 'trainItem.Identifier':
      return 'support.type.property-name.train.incep';
    case 'callStmt.Name':
    case 'splitStmt.Name':
      return 'entity.name.variable.layer.incep';
    case 'branchStmt.Name':
      return 'entity.name.variable.branch.incep';
    case 'auxDecl.auxName':
      return 'entity.name.variable.aux.incep';
    case 'auxDecl.tap':
      return 'variable.other.layer.incep';
    case 'param.Name':
      return 'variable.parameter.incep';
    case 'arg.key':
    case 'keyValue.Name':
      return 'variable.parameter.key.incep';
    case 'arg.unit':
      return 'variable.other.incep';
    case 'word.Name':
    case 'primary.Name':
      if (p.next?.tokenType === T.LParen && rule === 'word') return 'support.function.incep';
      if (word === 'in' || word === 'classes') return `variable.language.${word}.incep`;
      if (word === 'true' || word === 'false') return 'constant.language.boolean.incep';
      if (isFlagWord(word)) return 'constant.language';
      return 'variable.other.incep';
  }
  throw new Error(`no expected scope for ${type.name} '${word}' in ${rule}.${key} (line ${token.startLine})`);
}

/** Words that set an op setting by themselves: activations, paddings, `nobias`, `bn`, … */
function isFlagWord(word: string): boolean {
  return (
    VALUE_WORDS.has(word) ||
    word in OPTION_CALLS ||
    [...SURFACE_OPS.values()].some((op) => Object.hasOwn(op.syntax.flags, word))
  );
}

/** The TextMate tokens covering a lexer token's columns (tokens never span lines in incep). */
function covering(scoped: ScopedToken[], line: number, start: number, end: number): ScopedToken[] {
  return scoped.filter((s) => s.line === line && s.startColumn < end && s.endColumn > start);
}

/** Whether every TextMate token over those columns carries a scope starting with `scope`. */
function hasScope(scoped: ScopedToken[], line: number, start: number, end: number, scope: string): boolean {
  const over = covering(scoped, line, start, end);
  return over.length > 0 && over.every((s) => s.scopes.some((x) => x === scope || x.startsWith(`${scope}.`)));
}

describe('editors/vscode incep.tmLanguage.json', function () {
  this.timeout(60_000);
  let grammar: IGrammar;
  before(async () => {
    ({ grammar } = await loadIncepGrammar());
  });

  for (const spec of SPECIMENS) {
    it(`scopes every token of ${spec.name} by its role in the parse`, () => {
      const scoped = tokenizeIncep(grammar, spec.text);
      const wrong: string[] = [];
      let checked = 0;
      for (const p of placedTokens(spec.text)) {
        const scope = expectedScope(p);
        if (scope === undefined) continue;
        const { startLine, startColumn, endColumn } = p.token;
        checked++;
        if (!hasScope(scoped, startLine!, startColumn!, endColumn! + 1, scope)) {
          const got = covering(scoped, startLine!, startColumn!, endColumn! + 1).map((s) =>
            s.scopes.slice(1).join(' '),
          );
          wrong.push(`${startLine}:${startColumn} '${p.token.image}' wants ${scope}, got [${got.join(' | ')}]`);
        }
      }
      expect(wrong).to.deep.equal([]);
      expect(checked).to.be.greaterThan(10);
    });
  }

  it('has a sample line for exactly the keywords the lexer defines', () => {
    expect(Object.keys(KEYWORD_SAMPLES).sort()).to.deep.equal(LEXER_KEYWORDS.map((k) => k.word).sort());
    expect(Object.keys(KEYWORD_SCOPES).sort()).to.deep.equal(LEXER_KEYWORDS.map((k) => k.word).sort());
  });

  for (const { word, type } of LEXER_KEYWORDS) {
    it(`highlights the keyword '${word}' as ${KEYWORD_SCOPES[word] ?? '(missing)'}`, () => {
      const line = KEYWORD_SAMPLES[word];
      expect(line, `a sample line for '${word}'`).to.be.a('string');
      // The sample must hold the word as that very lexer token, so it tests the keyword.
      const token = T.incepLexer.tokenize(line!).tokens.find((t) => t.tokenType === type);
      expect(token, `'${word}' lexed as ${type.name} in ${JSON.stringify(line)}`).to.not.equal(undefined);
      const scoped = tokenizeIncep(grammar, line!);
      const at = covering(scoped, 1, token!.startColumn!, token!.endColumn! + 1);
      expect(at.map((s) => s.text).join('')).to.equal(word);
      expect(at[0]!.scopes).to.include(KEYWORD_SCOPES[word]);
    });
  }

  const kinds: Array<{ what: string; words: string[]; line: (w: string) => string; scope: string }> = [
    {
      what: 'op name',
      words: [...SURFACE_OPS.keys()],
      line: (w) => `  stem { ${w} }`,
      scope: 'support.function.op.incep',
    },
    {
      what: 'flag word',
      words: [...new Set([...VALUE_WORDS, ...[...SURFACE_OPS.values()].flatMap((op) => Object.keys(op.syntax.flags))])],
      line: (w) => `  stem { conv 8 1x1 ${w} }`,
      scope: 'constant.language',
    },
    {
      what: 'option call',
      words: Object.keys(OPTION_CALLS),
      line: (w) => `  stem { conv 8 1x1 ${w}(scale=false) }`,
      scope: 'support.function.incep',
    },
  ];
  for (const kind of kinds) {
    it(`highlights every ${kind.what} the op registry defines as ${kind.scope}`, () => {
      const wrong = kind.words.filter((w) => {
        const line = kind.line(w);
        const start = line.lastIndexOf(w) + 1;
        return !hasScope(tokenizeIncep(grammar, line), 1, start, start + w.length, kind.scope);
      });
      expect(kind.words).to.not.be.empty;
      expect(wrong).to.deep.equal([]);
    });
  }

  /** Texts where `#` and `"` meet, with the number of comments the lexer finds in each. */
  const commentCases: Array<{ name: string; text: string; comments?: number }> = [
    ...SPECIMENS,
    { name: 'a # inside a string', text: 'import "lib/a#b.incep"  # the path has a #\n', comments: 1 },
    { name: 'a quote inside a comment', text: 'model M {  # "not a string\n  input 8x8x3\n}\n', comments: 1 },
    {
      name: 'an unterminated string',
      text: 'import "lib/a.incep # still the string\nmodel M { input 8x8x3 }\n',
      comments: 0,
    },
    { name: 'an escaped quote', text: 'import "a\\"#b"  # c\n', comments: 1 },
    {
      name: 'comments everywhere',
      text: '#a\nblock B(p, # c\n  q=2) {  # d\n  conv p 1x1 # e\n}#f\n',
      comments: 5,
    },
  ];
  for (const c of commentCases) {
    it(`scopes as comments exactly the comments the lexer finds in ${c.name}`, () => {
      const lexed = T.incepLexer.tokenize(c.text);
      const fromLexer = new Set<string>();
      for (const comment of lexed.groups['comments'] ?? []) {
        for (let col = comment.startColumn!; col <= comment.endColumn!; col++)
          fromLexer.add(`${comment.startLine}:${col}`);
      }
      const fromGrammar = new Set<string>();
      for (const s of tokenizeIncep(grammar, c.text)) {
        if (!s.scopes.some((x) => x.startsWith('comment.'))) continue;
        for (let col = s.startColumn; col < s.endColumn; col++) fromGrammar.add(`${s.line}:${col}`);
      }
      expect([...fromGrammar].sort()).to.deep.equal([...fromLexer].sort());
      if (c.comments !== undefined) expect(lexed.groups['comments'] ?? []).to.have.length(c.comments);
    });
  }
});
