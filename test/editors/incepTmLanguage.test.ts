import { expect } from 'chai';
import type { IToken, TokenType } from 'chevrotain';
import type { IGrammar } from 'vscode-textmate';

import { incepParser, parseTokens } from '../../grammar/parser.js';
import * as T from '../../grammar/tokens.js';
import { SURFACE_OPS } from '../../src/ops/registry.js';
import { OPTION_CALLS, VALUE_WORDS } from '../../src/ops/words.js';
import type { Span } from '../../src/diagnostics/Span.js';
import type * as A from '../../src/syntax/ast.js';
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

/** A token of the parse, with the role the AST gives it (`rule.key`, as the grammar names it). */
interface Placed {
  token: IToken;
  rule: string;
  key: string;
  next: IToken | undefined;
}

/**
 * Every token the parser reads, in order, with its role: words the AST holds get the rule and
 * label the grammar reads them with; any other token is punctuation or a keyword, told by type.
 */
function placedTokens(text: string): Placed[] {
  const lexed = T.incepLexer.tokenize(text);
  const tokens = filterNewlines(lexed.tokens);
  const ast = parseTokens(tokens, 'specimen.incep');
  expect(lexed.errors, 'lexer errors').to.deep.equal([]);
  expect(
    incepParser.errors.map((e) => e.message),
    'parse errors',
  ).to.deep.equal([]);
  const roles = astRoles(ast!);
  return tokens.map((token, i) => {
    const role = roles.get(token.startOffset) ?? `any.${token.tokenType.name}`;
    const [rule, key] = role.split('.') as [string, string];
    return { token, rule, key, next: tokens[i + 1] };
  });
}

/** The role (`rule.key`) of each word the AST holds, by its offset. */
function astRoles(file: A.FileNode): Map<number, string> {
  const roles = new Map<number, string>();
  const put = (at: { span: Span } | undefined, role: string): void => {
    if (at) roles.set(at.span.start.offset, role);
  };
  const value = (v: A.Value | undefined): void => {
    if (v?.kind === 'Name') put(v, 'primary.Name');
    else if (v?.kind === 'Binary') {
      value(v.left);
      value(v.right);
    } else if (v?.kind === 'Unary') value(v.operand);
  };
  const args = (list: readonly A.Arg[] | undefined): void => {
    for (const arg of list ?? []) {
      if (arg.kind === 'Word') {
        put(arg.name, 'word.Name');
        args(arg.args);
      } else {
        if (arg.kind === 'Keyword') put(arg.key, 'arg.key');
        put(arg.unit, 'arg.unit');
        value(arg.value);
      }
    }
  };
  const statements = (list: readonly A.Statement[]): void => {
    for (const s of list) {
      if (s.kind === 'Branch') {
        put(s.name, 'branchStmt.Name');
        statements(s.body);
      } else if (s.kind === 'Split') {
        put(s.alias, 'splitStmt.Name');
        for (const g of s.groups) statements(g.body);
      } else {
        const call = s.kind === 'Project' ? s.call : s;
        put(call.callee, 'callStmt.Identifier');
        put(call.alias, 'callStmt.Name');
        args(call.args);
        value(call.repeat);
      }
    }
  };
  const block = (b: A.BlockDef): void => {
    put(b.name, 'blockDef.Identifier');
    for (const p of b.params) {
      put(p.name, 'param.Name');
      value(p.default);
    }
    args(b.residual?.args);
    statements(b.body);
  };
  file.blocks.forEach(block);
  for (const m of file.models) {
    put(m.name, 'modelDecl.Identifier');
    m.blocks.forEach(block);
    for (const d of m.defaults?.items ?? []) {
      put(d.op, 'defaultItem.Identifier');
      args(d.args);
    }
    for (const t of m.train?.items ?? []) {
      put(t.key, 'trainItem.Identifier');
      args(t.args);
    }
    for (const s of m.sections) statements(s.body);
    for (const x of m.aux) {
      put(x.name, 'auxDecl.auxName');
      put(x.at, 'auxDecl.tap');
      statements(x.body);
    }
  }
  return roles;
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
        const { startLine, startColumn } = p.token;
        const endColumn = T.lastColumn(p.token);
        checked++;
        if (!hasScope(scoped, startLine!, startColumn!, endColumn + 1, scope)) {
          const got = covering(scoped, startLine!, startColumn!, endColumn + 1).map((s) => s.scopes.slice(1).join(' '));
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
      const at = covering(scoped, 1, token!.startColumn!, T.lastColumn(token!) + 1);
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
        for (let col = comment.startColumn!; col <= T.lastColumn(comment); col++)
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
