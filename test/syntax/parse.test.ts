import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { MAX_SOURCE_BYTES, MAX_TOKENS, parse } from '../../src/syntax/parse.js';
import type * as A from '../../src/syntax/ast.js';
import { at, attachedComments, describe_, fixture, parseOk } from '../fixtures/helpers.js';

const KITCHEN_SINK = readFileSync(fixture('kitchen_sink.incep'), 'utf8');

/** The AST without positions, to compare two spellings of one program. */
function shape(node: unknown): unknown {
  return JSON.parse(
    JSON.stringify(node, (k, v: unknown) =>
      k === 'span' || k === 'keywordSpan' || k === 'pathSpan' || k === 'comments' ? undefined : v,
    ),
  );
}

function firstModel(file: A.FileNode): A.ModelNode {
  const m = file.models[0];
  if (!m) throw new Error('no model');
  return m;
}

function section(model: A.ModelNode, name: A.SectionName): A.Statement[] {
  const s = model.sections.find((x) => x.name === name);
  if (!s) throw new Error(`no ${name}`);
  return s.body;
}

function call(s: A.Statement | undefined): A.CallStmt {
  if (s?.kind !== 'Call') throw new Error(`expected a call, got ${s?.kind}`);
  return s;
}

/** The value of the `k=` argument of `op(k=EXPR)`, parsed in a stem. */
function expr(text: string): A.Value {
  const c = call(section(firstModel(parseOk(`model M { stem { op(k=${text}) } }`)), 'stem')[0]);
  const arg = c.args[0];
  if (arg?.kind !== 'Keyword') throw new Error('no keyword argument');
  return arg.value;
}

/** An expression as a fully parenthesized string. */
function show(e: A.Value): string {
  switch (e.kind) {
    case 'Number':
      return String(e.value);
    case 'Name':
      return e.name;
    case 'Binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'Unary':
      return `(-${show(e.operand)})`;
    case 'Dims':
      return e.dims.join('x');
    case 'Stride':
      return `/${e.value}`;
  }
}

describe('parse: valid input', () => {
  it('reads the kitchen-sink file (every construct) without diagnostics', () => {
    const r = parse(KITCHEN_SINK, 'kitchen_sink.incep');
    expect(r.diagnostics, describe_(r.diagnostics)).to.deep.equal([]);
    const file = r.ast!;
    expect(file.imports.map((i) => i.path)).to.deep.equal(['lib/blocks.incep']);
    expect(file.blocks.map((b) => b.name.name)).to.deep.equal(['Widen']);
    const model = firstModel(file);
    expect(model.name.name).to.equal('KitchenSink');
    expect(model.input?.dims).to.deep.equal([75, 75, 3]);
    expect(model.classes?.value).to.equal(10);
    expect(model.defaults?.items.map((d) => d.op.name)).to.deep.equal(['batchnorm', 'conv', 'maxpool', 'dense']);
    expect(model.blocks.map((b) => b.name.name)).to.deep.equal(['A', 'Res', 'Stack']);
    expect(model.sections.map((s) => s.name)).to.deep.equal(['stem', 'body', 'head']);
    expect(model.aux.map((a) => [a.name.name, a.at.name, a.weight?.value])).to.deep.equal([['logits', 'mixed2', 0.4]]);
    expect(model.train?.items.map((t) => t.key.name)).to.deep.equal([
      'optimizer',
      'schedule',
      'clipnorm',
      'label_smoothing',
      'weight_decay',
      'epochs',
      'batch',
    ]);
    expect(model.duplicates).to.deep.equal([]);
  });

  it('builds blocks: parameters with defaults, named and unnamed branches, residual arguments, project', () => {
    const model = firstModel(parseOk(KITCHEN_SINK));
    const a = model.blocks[0]!;
    expect(a.params.map((p) => [p.name.name, p.default ? show(p.default) : undefined])).to.deep.equal([
      ['pool', undefined],
      ['act', 'relu'],
    ]);
    expect(a.body.map((s) => (s.kind === 'Branch' ? (s.name?.name ?? '-') : s.kind))).to.deep.equal([
      'b1x1',
      'b5x5',
      '-',
      '-',
    ]);
    const res = model.blocks[1]!;
    expect(
      res.residual?.args.map((x) => (x.kind === 'Keyword' ? `${x.key.name}=${show(x.value)}` : x.kind)),
    ).to.deep.equal(['scale=scale', 'act=act']);
    const project = res.body[2]!;
    expect(project.kind).to.equal('Project');
    if (project.kind !== 'Project') return;
    expect(project.call.callee.name).to.equal('conv');
    expect(
      project.call.args.map((x) =>
        x.kind === 'Word' ? x.name.name : x.kind === 'Positional' ? show(x.value) : x.kind,
      ),
    ).to.deep.equal(['in', '1x1', 'bias', 'linear', 'nobn']);
  });

  it('builds statements: argument kinds, nested splits with aliases, repeats and aliases', () => {
    const model = firstModel(parseOk(KITCHEN_SINK));
    const stem = section(model, 'stem');
    const first = call(stem[0]);
    expect(
      first.args.map((x) => (x.kind === 'Positional' ? show(x.value) : x.kind === 'Word' ? x.name.name : '?')),
    ).to.deep.equal(['32', '3x3', '/2', 'valid']);
    const fourth = call(stem[3]);
    expect(
      fourth.args.map((x) =>
        x.kind === 'Keyword' ? `${x.key.name}=${show(x.value)}` : show((x as A.PositionalArg).value),
      ),
    ).to.deep.equal(['(16 + (8 * 2))', 'kernel=1', 'stride=1', 'dilation=1']);
    const split = stem[4]!;
    expect(split.kind).to.equal('Split');
    if (split.kind !== 'Split') return;
    expect(split.alias?.name).to.equal('mixed_stem');
    expect(split.groups).to.have.length(2);
    const inner = split.groups[1]!.body[1]!;
    expect(inner.kind === 'Split' && inner.alias?.name).to.equal('inner');

    const body = section(model, 'body');
    const mixed1 = call(body[1]);
    expect(mixed1.callee.name).to.equal('A');
    expect(mixed1.args.map((x) => (x.kind === 'Keyword' ? `${x.key.name}=${show(x.value)}` : '?'))).to.deep.equal([
      'pool=16',
      'act=relu6',
    ]);
    expect(mixed1.repeat && show(mixed1.repeat)).to.equal('2');
    expect(mixed1.alias?.name).to.equal('mixed1');
    const top = call(body[body.length - 1]);
    expect(top.repeat && show(top.repeat)).to.equal('(1 + 1)');

    const defaults = model.defaults!.items[1]!;
    const bn = defaults.args.find((x): x is A.WordArg => x.kind === 'Word' && x.name.name === 'bn');
    expect(bn?.args?.map((x) => (x.kind === 'Keyword' ? `${x.key.name}=${show(x.value)}` : '?'))).to.deep.equal([
      'epsilon=0.001',
      'scale=false',
    ]);

    const schedule = model.train!.items[1]!;
    const exp = schedule.args[0] as A.WordArg;
    const every = exp.args!.find((x): x is A.KeywordArg => x.kind === 'Keyword' && x.key.name === 'every');
    expect(every?.unit?.name).to.equal('epochs');
  });

  it('treats newlines and semicolons alike', () => {
    const lines = parseOk('model M {\n  input 8x8x3\n  stem {\n    conv 8 3x3\n    maxpool 2x2\n  }\n}\n');
    const semis = parseOk('model M { input 8x8x3; stem { conv 8 3x3; maxpool 2x2 } }');
    expect(shape(lines)).to.deep.equal(shape(semis));
  });

  it('accepts bodies opening on the next line, blank lines and stray separators', () => {
    const a = parseOk(
      'block A(p)\n{\n  branch\n  {\n    conv p 1x1\n  }\n}\n\n\nmodel M\n{\n  ;;\n  input 8x8x3;\n\n  body\n  {\n    A(4)\n  }\n}\n',
    );
    const b = parseOk('block A(p) { branch { conv p 1x1 } } model M { input 8x8x3; body { A(4) } }');
    expect(shape(a)).to.deep.equal(shape(b));
  });

  it('continues a statement after `(`, `,`, `=`, operators and inside parentheses', () => {
    const a = parseOk(
      'model M {\n  defaults {\n    conv: nobias,\n      bn(epsilon=\n        0.001,\n        scale=false),\n      relu\n  }\n  stem { conv (8 +\n    8) 3x3 }\n}\n',
    );
    const b = parseOk(
      'model M { defaults { conv: nobias, bn(epsilon=0.001, scale=false), relu } stem { conv (8 + 8) 3x3 } }',
    );
    expect(shape(a)).to.deep.equal(shape(b));
  });

  it('takes commas between free arguments or not', () => {
    expect(shape(parseOk('model M { stem { conv 8, 3x3, /2, same } }'))).to.deep.equal(
      shape(parseOk('model M { stem { conv 8 3x3 /2 same } }')),
    );
  });

  it('reads CRLF line endings with the same positions as LF', () => {
    const crlf = parse('model M {\r\n  input 8x8x3\r\n  stem { conv 8 3x3 @ }\r\n}\r\n', 'x.incep');
    expect(crlf.diagnostics.map((d) => `${d.code}@${at(d)}`)).to.deep.equal(['E0101@3:21']);
    expect(parseOk('model M {\r\n  input 8x8x3\r\n}\r\n').models[0]!.input!.span.start.line).to.equal(2);
  });

  it('parses expressions with precedence and left associativity', () => {
    expect(show(expr('a + b * c'))).to.equal('(a + (b * c))');
    expect(show(expr('a - b - c'))).to.equal('((a - b) - c)');
    expect(show(expr('a / b // c % d'))).to.equal('(((a / b) // c) % d)');
    expect(show(expr('(a + b) * c'))).to.equal('((a + b) * c)');
    expect(show(expr('-a * -2'))).to.equal('((-a) * (-2))');
    expect(show(expr('in // 2 + classes'))).to.equal('((in // 2) + classes)');
    expect(show(expr('3x3'))).to.equal('3x3');
    expect(show(expr('/2'))).to.equal('/2');
  });

  it('ends a free `key=value` at a stride written `/2`, but divides in `a/2`, `a / 2` and `(a /2)`', () => {
    const args = (text: string) =>
      call(section(firstModel(parseOk(`model M { stem { ${text} } }`)), 'stem')[0]).args.map((x) =>
        x.kind === 'Keyword' ? `${x.key.name}=${show(x.value)}` : x.kind === 'Positional' ? show(x.value) : x.name.name,
      );
    expect(args('conv 64 kernel=3 /2')).to.deep.equal(['64', 'kernel=3', '/2']);
    expect(args('conv 64 7x7 factorize=asymmetric /2 same')).to.deep.equal([
      '64',
      '7x7',
      'factorize=asymmetric',
      '/2',
      'same',
    ]);
    expect(args('conv filters=in/2 1x1')).to.deep.equal(['filters=(in / 2)', '1x1']);
    expect(args('conv filters=in / 2 1x1')).to.deep.equal(['filters=(in / 2)', '1x1']);
    expect(args('conv filters=(in /2) 1x1')).to.deep.equal(['filters=(in / 2)', '1x1']);
    expect(args('conv filters=in // 2 /2')).to.deep.equal(['filters=(in // 2)', '/2']);
    // Inside parentheses an argument list divides as written.
    expect(args('conv(in /2, 3x3, /2)')).to.deep.equal(['(in / 2)', '3x3', '/2']);
  });

  it('reads integers, numbers and sizes', () => {
    const values = ['7', '0.17', '1.', '.5', '1e-3', '2.5E+2'].map((t) => expr(t) as A.NumberLit);
    expect(values.map((v) => [v.value, v.isInt])).to.deep.equal([
      [7, true],
      [0.17, false],
      [1, false],
      [0.5, false],
      [0.001, false],
      [250, false],
    ]);
    expect(firstModel(parseOk('model M { input 299x299x3 }')).input!.dims).to.deep.equal([299, 299, 3]);
  });

  it('keeps soft keywords usable as plain words', () => {
    const m = firstModel(
      parseOk(
        'block B(weight, input) { conv weight 1x1 } model M { head { dense classes softmax as head; conv in 1x1 as project } }',
      ),
    );
    const head = section(m, 'head');
    expect(call(head[0]).args.map((x) => (x as A.WordArg).name.name)).to.deep.equal(['classes', 'softmax']);
    expect(call(head[0]).alias?.name).to.equal('head');
    expect(call(head[1]).alias?.name).to.equal('project');
  });

  it('reads `x` as the repeat keyword only as a whole word', () => {
    const m = firstModel(parseOk('block B(x1) { conv x1 1x1 } model M { body { B(2) x 3 as xs; conv 8 1x1 x1 } }'));
    const body = section(m, 'body');
    expect(call(body[0]).repeat && show(call(body[0]).repeat!)).to.equal('3');
    expect(call(body[1]).repeat).to.equal(undefined);
    expect((call(body[1]).args[2] as A.WordArg).name.name).to.equal('x1');
  });

  it('reads a library file (no model) and an empty file', () => {
    expect(parseOk('').models).to.deep.equal([]);
    expect(parseOk('# only a comment\n').trailingComments.map((c) => c.text)).to.deep.equal(['only a comment']);
    expect(parseOk('block A { conv 8 1x1 }').blocks).to.have.length(1);
  });

  it('records single-valued model items given twice (for the checker)', () => {
    const m = firstModel(parseOk('model M {\n  input 8x8x3\n  classes 3\n  input 9x9x3\n  classes 4\n}'));
    expect(m.input!.dims).to.deep.equal([8, 8, 3]);
    expect(m.duplicates.map((d) => [d.what, at(d.span), at(d.first)])).to.deep.equal([
      ['input', '4:3', '2:3'],
      ['classes', '5:3', '3:3'],
    ]);
  });

  it('gives spans that cover the text of a node', () => {
    const src = 'model M { stem { conv 64 3x3 /2 as c1 } }';
    const c = call(section(firstModel(parseOk(src)), 'stem')[0]);
    expect(src.slice(c.span.start.offset, c.span.end.offset)).to.equal('conv 64 3x3 /2 as c1');
    expect(src.slice(c.callee.span.start.offset, c.callee.span.end.offset)).to.equal('conv');
    expect(c.span.end.column - c.span.start.column).to.equal('conv 64 3x3 /2 as c1'.length);
  });

  // What an editor quotes from a span (a block's signature, a completion) must read as written.
  for (const text of ['(1+2)*2', '2*(c - 1)', '((c))', '-(c*2)', '(c)//2 + (1)']) {
    it(`spans the expression ${text} with its parentheses`, () => {
      const src = `block B(k=${text}) { conv k 1x1 }`;
      const value = parseOk(src).blocks[0]!.params[0]!.default!;
      expect(src.slice(value.span.start.offset, value.span.end.offset)).to.equal(text);
    });
  }
});

interface SyntaxCase {
  name: string;
  source: string;
  code: 'E0101' | 'E0201';
  at: string;
  message: string;
  hint?: string;
}

const SYNTAX_ERRORS: SyntaxCase[] = [
  {
    name: 'missing closing parenthesis',
    source: 'model M { stem { conv(64, 3x3 } }',
    code: 'E0201',
    at: '1:31',
    message: "expected ')' but found '}'",
  },
  {
    name: 'stray closing parenthesis',
    source: 'model M {\n  stem { conv 8 3x3 ) }\n}',
    code: 'E0201',
    at: '2:21',
    message: "expected '}' but found ')'",
    hint: 'a statement is an op',
  },
  {
    name: 'input without a size',
    source: 'model M { input 32 }',
    code: 'E0201',
    at: '1:17',
    message: "expected a size such as 3x3 but found '32'",
    hint: 'input 299x299x3',
  },
  {
    name: 'spaced size',
    source: 'model M { input 32 x 32 x 3 }',
    code: 'E0201',
    at: '1:17',
    message: 'expected a size such as 3x3',
  },
  {
    name: 'fractional classes',
    source: 'model M { classes 10.5 }',
    code: 'E0201',
    at: '1:19',
    message: "expected an integer but found '10.5'",
    hint: 'classes 1000',
  },
  {
    name: 'import without a string',
    source: 'import lib',
    code: 'E0201',
    at: '1:8',
    message: "expected a string but found 'lib'",
    hint: 'double quotes',
  },
  {
    name: 'block without a body',
    source: 'block A(p)\nmodel M { }',
    code: 'E0201',
    at: '1:11',
    message: "expected '{' but found end of line",
  },
  {
    name: 'unclosed parameter list',
    source: 'block A(p { conv p 1x1 }',
    code: 'E0201',
    at: '1:11',
    message: "expected ')' but found '{'",
    hint: 'parameters are names',
  },
  {
    name: 'misspelt section',
    source: 'model M {\n  input 8x8x3\n  stme { conv 8 3x3 }\n}',
    code: 'E0201',
    at: '3:3',
    message: "'stme' is not a model item",
    hint: "did you mean 'stem'?",
  },
  {
    name: 'op directly in a model',
    source: 'model M { conv 8 3x3 }',
    code: 'E0201',
    at: '1:11',
    message: "'conv' is not a model item",
    hint: 'go inside `stem { … }`',
  },
  {
    name: 'misspelt aux keyword',
    source: 'model M {\n  aus logits at mixed7 weight 0.4 { flatten }\n}',
    code: 'E0201',
    at: '2:3',
    message: "'aus' is not a model item",
    hint: "did you mean 'aux'?",
  },
  {
    name: 'misspelt model keyword',
    source: 'modle M { input 8x8x3 }',
    code: 'E0201',
    at: '1:1',
    message: "'modle' is not a top-level item",
    hint: "did you mean 'model'?",
  },
  {
    name: 'misspelt import keyword',
    source: 'imprt "a.incep"',
    code: 'E0201',
    at: '1:1',
    message: "'imprt' is not a top-level item",
    hint: "did you mean 'import'?",
  },
  {
    name: 'op at top level',
    source: 'conv 8 3x3',
    code: 'E0201',
    at: '1:1',
    message: "'conv' is not a top-level item",
    hint: 'a file holds',
  },
  {
    name: 'stray closing brace',
    source: 'model M { } }',
    code: 'E0201',
    at: '1:13',
    message: "unexpected '}'",
    hint: 'a file holds',
  },
  {
    name: 'hard keyword as a name',
    source: 'block A(x) { conv x 1x1 }',
    code: 'E0201',
    at: '1:9',
    message: "expected a name but found the keyword 'x'",
    hint: 'reserved',
  },
  {
    name: 'soft keyword as a block name',
    source: 'block input { conv 8 1x1 }',
    code: 'E0201',
    at: '1:7',
    message: "found the keyword 'input'",
    hint: 'not the name of a model, block',
  },
  {
    name: 'two calls on a line without `;`',
    source: 'model M { stem { conv 8 1x1 as c conv 8 1x1 } }',
    code: 'E0201',
    at: '1:34',
    message: "expected ';' or end of line but found 'conv'",
    hint: 'separated by `;` or a new line',
  },
  {
    name: 'a call after a repeat without `;`',
    source: 'model M { body { A x 2 B } }',
    code: 'E0201',
    at: '1:24',
    message: "expected ';' or end of line but found 'B'",
  },
  {
    name: 'keyword value missing',
    source: 'model M { stem { conv 8 3x3 stride= } }',
    code: 'E0201',
    at: '1:37',
    message: "but found '}'",
  },
  {
    name: 'aux without `at`',
    source: 'model M { aux logits mixed7 { flatten } }',
    code: 'E0201',
    at: '1:22',
    message: "expected 'at' but found 'mixed7'",
    hint: 'aux NAME at INSTANCE',
  },
  {
    name: 'residual header in the wrong place',
    source: 'block A { } residual',
    code: 'E0201',
    at: '1:13',
    message: "unexpected 'residual'",
  },
  {
    name: 'bad character',
    source: 'model M { stem { conv 8 3x3 @ } }',
    code: 'E0101',
    at: '1:29',
    message: 'unexpected character "@"',
    hint: 'comments start with `#`',
  },
  {
    name: 'non-ASCII multiplication sign',
    source: 'model M { stem { conv 8 3×3 } }',
    code: 'E0101',
    at: '1:26',
    message: 'unexpected character "×"',
    hint: 'plain `x`',
  },
  {
    name: 'non-ASCII letter in a name',
    source: 'model Modèle { }',
    code: 'E0101',
    at: '1:10',
    message: 'unexpected character "è"',
    hint: 'ASCII',
  },
  {
    name: 'no-break space',
    source: 'model M { stem { conv 8\u00a03x3 } }',
    code: 'E0101',
    at: '1:24',
    message: '(U+00A0)',
    hint: 'Unicode space',
  },
  {
    name: 'number running into a name',
    source: 'model M { stem { conv 8 3a } }',
    code: 'E0101',
    at: '1:25',
    message: 'unexpected character "3"',
    hint: 'cannot start with a digit',
  },
  {
    name: 'unterminated string',
    source: 'import "lib/blocks.incep\nmodel M { }',
    code: 'E0101',
    at: '1:8',
    message: 'unterminated string',
    hint: 'same line',
  },
  { name: 'lone carriage return', source: 'model M {\r}', code: 'E0101', at: '1:10', message: 'unexpected character' },
];

describe('parse: invalid input', () => {
  for (const row of SYNTAX_ERRORS) {
    it(`${row.name}: ${row.code} at ${row.at}`, () => {
      const r = parse(row.source, 'x.incep');
      expect(r.ast).to.equal(undefined);
      const d = r.diagnostics[0];
      expect(d, 'a diagnostic').to.not.equal(undefined);
      expect(`${d!.code}@${at(d)}`, describe_(r.diagnostics)).to.equal(`${row.code}@${row.at}`);
      expect(d!.message).to.include(row.message);
      if (row.hint) expect(d!.hint ?? '').to.include(row.hint);
      expect(d!.span!.file).to.equal('x.incep');
      expect(d!.severity).to.equal('error');
    });
  }

  it('reports an unterminated string once, not a cascade', () => {
    const r = parse('import "lib.incep\nblock B { conv 8 1x1 }\nmodel M { input 8x8x3 }\n', 'x.incep');
    expect(r.diagnostics.map((d) => `${d.code}@${at(d)}`)).to.deep.equal(['E0101@1:8']);
  });

  describe('reports a Unicode space once, also where it glues two words into one', () => {
    const rows: Array<[string, string]> = [
      ['block\u00a0B { conv 8 1x1 }\nmodel M { input 8x8x3 }\n', 'E0101@1:6'],
      ['model\u00a0M { input 8x8x3 }\n', 'E0101@1:6'],
      ['model M { stem { conv\u00a08 3x3 } }', 'E0101@1:22'],
      ['model M { stem { conv 8 3x3\u2003relu } }', 'E0101@1:28'],
    ];
    for (const [source, where] of rows) {
      it(JSON.stringify(source), () => {
        expect(parse(source, 'x.incep').diagnostics.map((d) => `${d.code}@${at(d)}`)).to.deep.equal([where]);
      });
    }
  });

  it('reports a misspelt model item once and reads the rest of the model', () => {
    const r = parse(
      'model M {\n  input 8x8x3\n  defautls { conv: relu same }\n  trian { optimizer sgd(lr=0.1) }\n  stem { conv 8 3x3 }\n}\n',
      'x.incep',
    );
    expect(r.diagnostics.map((d) => `${at(d)} ${d.message} / ${d.hint}`)).to.deep.equal([
      "3:3 'defautls' is not a model item / did you mean 'defaults'?",
      "4:3 'trian' is not a model item / did you mean 'train'?",
    ]);
  });

  it('lists diagnostics in source order, lexical and syntax errors together', () => {
    const r = parse('model M {\n  stem { conv 8 3x3 ) }\n  head { dense 10 @ }\n}\n', 'x.incep');
    const places = r.diagnostics.map((d) => d.span!.start.offset);
    expect(places).to.deep.equal([...places].sort((a, b) => a - b));
    expect(r.diagnostics.map((d) => d.code)).to.include.members(['E0101', 'E0201']);
  });
});

describe('parse: recovery', () => {
  it('reports at least two of three independent syntax errors, each at its place', () => {
    const source = [
      'model M {',
      '  input 32x32x3',
      '  stem {',
      '    conv 8 3x3 )',
      '  }',
      '  block A( { branch { conv 8 1x1 } }',
      '  head { dense = }',
      '}',
    ].join('\n');
    const r = parse(source, 'x.incep');
    const places = r.diagnostics.map((d) => at(d));
    const expected = ['4:16', '6:12', '7:16'];
    expect(places.filter((p) => expected.includes(p)).length, describe_(r.diagnostics)).to.be.at.least(2);
    for (const d of r.diagnostics) expect(d.code).to.equal('E0201');
  });

  it('shows a lexical error without the syntax errors it causes later on its line', () => {
    const r = parse('model Modèle { input 8x8x3 }\nblock B { conv 8 3x3 ) }\n', 'x.incep');
    expect(r.diagnostics.map((d) => `${d.code}@${at(d)}`)).to.deep.equal(['E0101@1:10', 'E0201@2:22']);
  });

  it('accepts statements that end in `}` followed by another on the same line', () => {
    parseOk(
      'block A { branch { conv 8 1x1 } branch { conv 8 1x1 } } model M { stem { split { conv 4 1x1 } { conv 4 1x1 } conv 8 1x1 } }',
    );
  });

  it('reports errors in separate blocks of one file', () => {
    const r = parse('block A { conv 8 3x3 ) }\nblock B { conv 8 3x3 ) }\nblock C { conv 8 3x3 ) }\n', 'x.incep');
    expect(r.diagnostics.map((d) => at(d))).to.deep.equal(['1:22', '2:22', '3:22']);
  });

  // The parser stops building the AST at the first syntax error; what it checks as it reads
  // (unknown items, statements run together) must still be found after it, in either order.
  const afterAnError = [
    {
      name: 'an unknown item after a syntax error',
      source: 'model M {\n  stem { conv 8 3x3 ) }\n  hed { dense 10 }\n}\n',
      expected: ["E0201@2:21 expected '}'", "E0201@3:3 'hed' is not a model item"],
    },
    {
      name: 'two statements on one line after a syntax error',
      source: 'block A { conv 8 3x3 ) }\nblock B { conv 8 1x1 as c conv 8 1x1 }\n',
      expected: ["E0201@1:22 expected '}'", "E0201@2:27 expected ';' or end of line"],
    },
    {
      name: 'a syntax error after an unknown item',
      source: 'modle M { }\nblock B { conv 8 3x3 ) }\n',
      expected: ["E0201@1:1 'modle' is not a top-level item", "E0201@2:22 expected '}'"],
    },
  ];
  for (const row of afterAnError) {
    it(`finds ${row.name}`, () => {
      const r = parse(row.source, 'x.incep');
      expect(r.ast).to.equal(undefined);
      const got = r.diagnostics.map((d) => `${d.code}@${at(d)} ${d.message}`);
      expect(got.length, got.join('\n')).to.equal(row.expected.length);
      row.expected.forEach((prefix, i) => expect(got[i]).to.match(new RegExp(`^${escape(prefix)}`)));
    });
  }
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('parse: end of file', () => {
  const cases: Array<[string, string, string]> = [
    ['model M { input 8x8x3', '1:22', "expected '}' but found end of file"],
    ['model M { input 8x8x3\n\n', '1:22', "expected '}' but found end of file"],
    ['model M {\n  stem { conv 8 3x3', '2:20', "expected '}' but found end of file"],
    ['model M { stem { conv(8,', '1:25', 'but found end of file'],
    ['block A', '1:8', "expected '{' but found end of file"],
    ['import', '1:7', 'expected a string but found end of file'],
  ];
  for (const [source, where, message] of cases) {
    it(`${JSON.stringify(source)} → ${where}`, () => {
      const r = parse(source, 'x.incep');
      const d = r.diagnostics[0]!;
      expect(`${at(d)} ${d.message}`).to.equal(`${where} ${d.message}`);
      expect(d.message).to.include(message);
      // A zero-width span just after the last token.
      expect(d.span!.end.offset).to.equal(d.span!.start.offset);
    });
  }
});

describe('parse: size limit', () => {
  it('refuses a source over MAX_SOURCE_BYTES before lexing (E0100, naming the file at its start)', () => {
    const r = parse(`# ${'x'.repeat(MAX_SOURCE_BYTES)}\n`, 'big.incep');
    expect(r.diagnostics.map((d) => d.code)).to.deep.equal(['E0100']);
    expect(r.diagnostics[0]!.message).to.equal("'big.incep' is larger than 4 MiB");
    expect(r.diagnostics[0]!.span).to.deep.include({ file: 'big.incep', start: { offset: 0, line: 1, column: 1 } });
    expect(r.diagnostics[0]!.hint).to.include('import');
  });

  it('accepts a source just under the limit', () => {
    const text = `# ${'x'.repeat(MAX_SOURCE_BYTES - 10)}\n`;
    expect(parse(text, 'big.incep').diagnostics).to.deep.equal([]);
  });
});

describe('parse: comments', () => {
  const SOURCE = [
    '# file header', //                                  1
    'import "lib/x.incep"  # on the import', //            2
    '', //                                                 3
    '# leading for block A', //                            4
    'block A(pool) {   # header of A', //                  5
    '  # leading for branch b1', //                        6
    '  branch b1 { conv 64 1x1 }  # after branch b1', //   7
    '  branch {', //                                       8
    '    conv 8 1x1  # after conv', //                     9
    '    # dangling in the branch', //                    10
    '  }', //                                             11
    '  # dangling in A', //                               12
    '}', //                                               13
    'model M {  # header of M', //                        14
    '  input 8x8x3 # after input', //                     15
    '  # leading for classes', //                         16
    '  classes 10', //                                    17
    '  defaults {', //                                    18
    '    # leading for the conv default', //              19
    '    conv: relu,  # continued default line', //       20
    '      same', //                                      21
    '  }', //                                             22
    '  stem {', //                                        23
    '    conv 8 1x1; conv 8 1x1  # after the second', //  24
    '    split { conv 4 1x1 # in group 1', //             25
    '    } {', //                                         26
    '      # leading in group 2', //                      27
    '      conv 4 1x1', //                                28
    '    }', //                                           29
    '  }', //                                             30
    '  # dangling in M', //                               31
    '}', //                                               32
    '# end of file', //                                   33
  ].join('\n');

  it('attaches leading, trailing and dangling comments where a reader expects them', () => {
    const file = parseOk(SOURCE);
    const a = file.blocks[0]!;
    const m = firstModel(file);
    const texts = (cs: A.Comment[] | undefined) => (cs ?? []).map((c) => c.text);
    expect(texts(file.imports[0]!.comments.leading)).to.deep.equal(['file header']);
    expect(file.imports[0]!.comments.trailing?.text).to.equal('on the import');
    expect(texts(a.comments.leading)).to.deep.equal(['leading for block A']);
    expect(a.comments.trailing?.text).to.equal('header of A');
    expect(texts(a.comments.dangling)).to.deep.equal(['dangling in A']);
    const [b1, b2] = a.body as A.BranchStmt[];
    expect(texts(b1!.comments.leading)).to.deep.equal(['leading for branch b1']);
    expect(b1!.comments.trailing?.text).to.equal('after branch b1');
    expect(b2!.body[0]!.comments.trailing?.text).to.equal('after conv');
    expect(texts(b2!.comments.dangling)).to.deep.equal(['dangling in the branch']);
    expect(m.comments.trailing?.text).to.equal('header of M');
    expect(texts(m.comments.dangling)).to.deep.equal(['dangling in M']);
    expect(m.input!.comments.trailing?.text).to.equal('after input');
    expect(texts(m.classes!.comments.leading)).to.deep.equal(['leading for classes']);
    const item = m.defaults!.items[0]!;
    expect(texts(item.comments.leading)).to.deep.equal(['leading for the conv default']);
    expect(item.comments.trailing?.text).to.equal('continued default line');
    const stem = section(m, 'stem');
    expect(stem[0]!.comments.trailing).to.equal(undefined);
    expect(stem[1]!.comments.trailing?.text).to.equal('after the second');
    const split = stem[2] as A.SplitStmt;
    expect(split.groups[0]!.body[0]!.comments.trailing?.text).to.equal('in group 1');
    expect(texts(split.groups[1]!.body[0]!.comments.leading)).to.deep.equal(['leading in group 2']);
    expect(texts(file.trailingComments)).to.deep.equal(['end of file']);
  });

  it('attaches a comment after a closing brace to the node the brace closes', () => {
    const file = parseOk(
      'block A {\n  branch {\n    conv 8 1x1\n  }  # end of the first branch\n  branch b { conv 8 1x1 }\n}  # end of A\nmodel M { }\n',
    );
    const a = file.blocks[0]!;
    expect(a.body[0]!.comments.trailing?.text).to.equal('end of the first branch');
    expect(a.body[1]!.comments.leading).to.deep.equal([]);
    expect(a.comments.trailing?.text).to.equal('end of A');
    expect(file.models[0]!.comments.leading).to.deep.equal([]);
  });

  it('drops `#`, one blank and trailing blanks from the text (indentation kept) and spans the whole comment', () => {
    const src = 'model M { }   #   spaced out   ';
    const c = parseOk(src).comments[0]!;
    expect(c.text).to.equal('  spaced out');
    expect(parseOk('#tight').comments[0]!.text).to.equal('tight');
    expect(src.slice(c.span.start.offset, c.span.end.offset)).to.equal('#   spaced out   ');
  });

  /** Every comment of the file is attached to exactly one node: none lost, none twice. */
  function expectAllAttachedOnce(source: string): void {
    const file = parseOk(source);
    const attached = attachedComments(file);
    const key = (c: A.Comment) => c.span.start.offset;
    expect(attached.map(key).sort((x, y) => x - y)).to.deep.equal(file.comments.map(key));
    expect(new Set(attached.map(key)).size).to.equal(attached.length);
    // The flat list is complete: one entry per `#` outside strings.
    const count = source.split('\n').filter((l) => l.replace(/"[^"]*"/g, '').includes('#')).length;
    expect(file.comments).to.have.length(count);
  }

  it('attaches every comment exactly once (hand-written file)', () => {
    expectAllAttachedOnce(SOURCE);
  });

  it('attaches every comment exactly once (the kitchen sink and the v3 fixture)', () => {
    expectAllAttachedOnce(KITCHEN_SINK);
    expectAllAttachedOnce(readFileSync(fixture('inception_v3.incep'), 'utf8'));
  });

  it('attaches every comment exactly once with a comment after every line and before every line', () => {
    const lines = KITCHEN_SINK.split('\n');
    const trailing = lines.map((l, i) => (l.includes('#') || l.trim() === '' ? l : `${l}  # t${i}`)).join('\n');
    expectAllAttachedOnce(trailing);
    const leading = lines.map((l, i) => `# l${i}\n${l}`).join('\n');
    expectAllAttachedOnce(leading);
    const both = lines.map((l, i) => `# l${i}\n${l.includes('#') || l.trim() === '' ? l : `${l}  # t${i}`}`).join('\n');
    expectAllAttachedOnce(both);
  });
});

describe('parse: token limit', () => {
  it('refuses a file of more than MAX_TOKENS tokens after lexing (E0100), before building any tree', () => {
    const text = `model M {\n  stem {\n${'    cnov 8 1x1\n'.repeat(Math.ceil(MAX_TOKENS / 4) + 1)}  }\n}\n`;
    const r = parse(text, 'many.incep');
    expect(r.diagnostics.map((d) => d.code)).to.deep.equal(['E0100']);
    expect(r.diagnostics[0]!.message).to.match(/^'many\.incep' holds more than 500,000 tokens \(\d{3},\d{3}\)$/);
    expect(r.ast).to.equal(undefined);
  });
});

describe('parse: invisible characters', () => {
  it('reports a byte-order mark inside the file once, without a cascade of syntax errors', () => {
    const r = parse('model M {\n  input 8x8x3\n\uFEFF  stem { conv 8 3x3 }\n}\n', 'bom.incep');
    expect(
      r.diagnostics.map((d) => [d.code, d.message, `${d.span!.start.line}:${d.span!.start.column}`]),
    ).to.deep.equal([['E0101', 'a byte-order mark (U+FEFF) inside the file', '3:1']]);
    expect(r.diagnostics[0]!.hint).to.match(/^delete it/);
  });
});
