import { expect } from 'chai';
import { checkProgram } from '../../src/check/checkProgram.js';
import { at, compileText, describe_, expectDiagnostic, parseOk, type DiagnosticCase } from '../fixtures/helpers.js';

/** Runs only the static checks on one file (and optional library files). */
function check(source: string, libraries: string[] = []) {
  return checkProgram(
    parseOk(source),
    libraries.map((l, i) => parseOk(l, `lib${i}.incep`)),
  );
}

const M = 'model M { input 8x8x3 }';

/** One row per problem the checker finds: no shapes or values are needed to see these. */
const CASES: DiagnosticCase[] = [
  // E0301: unknown op or block, with a suggestion among ops and blocks.
  {
    name: 'unknown op',
    source: 'model M { stem { cnov 8 3x3 } }',
    code: 'E0301',
    at: '1:18',
    message: "unknown op or block 'cnov'",
    hint: "did you mean 'conv'?",
  },
  {
    name: 'unknown block',
    source: 'block Incep { conv 8 1x1 }\nmodel M { body { Incpe } }',
    code: 'E0301',
    at: '2:18',
    message: "unknown op or block 'Incpe'",
    hint: "did you mean 'Incep'?",
  },
  {
    name: 'unknown op in a block',
    source: `block A { branch { maxpol 3x3 } }\n${M}`,
    code: 'E0301',
    at: '1:20',
    message: "'maxpol'",
    hint: "did you mean 'maxpool'?",
  },
  {
    name: 'unknown op in an aux head',
    source: 'model M { aux a at x1 { flaten } }',
    code: 'E0301',
    at: '1:25',
    message: "'flaten'",
    hint: "did you mean 'flatten'?",
  },
  {
    name: 'unknown op in defaults',
    source: 'model M { defaults { cnv: relu } }',
    code: 'E0301',
    at: '1:22',
    message: "unknown op 'cnv' in defaults",
    hint: "did you mean 'conv'?",
  },
  // E0302: unknown name passed to a block.
  {
    name: 'unknown name as a block argument',
    source: 'block A(p) { conv p 1x1 }\nblock B(pool) { A(pol) }\nmodel M { }',
    code: 'E0302',
    at: '2:19',
    message: "unknown name 'pol'",
    hint: "did you mean 'pool'?",
  },
  {
    name: '`x2` for a repeat',
    source: 'block A { conv 8 1x1 }\nmodel M { body { A x2 } }',
    code: 'E0302',
    at: '2:20',
    message: "unknown name 'x2'",
    hint: 'write `x 2` with a space',
  },
  // E0302: unknown names inside expressions, wherever they stand.
  {
    name: 'unknown name in an op expression',
    source: 'model M { stem { conv (fitlers*2) 1x1 } }',
    code: 'E0302',
    at: '1:24',
    message: "unknown name 'fitlers'",
    hint: 'names here: in, classes, true, false',
  },
  {
    name: 'misspelt parameter in a key value',
    source: 'block A(pool) { conv filters=pol*2 1x1 }',
    code: 'E0302',
    at: '1:30',
    message: "unknown name 'pol'",
    hint: "did you mean 'pool'?",
  },
  {
    name: 'misspelt word in a key value',
    source: 'model M { stem { conv 8 1x1 act=rleu } }',
    code: 'E0302',
    at: '1:33',
    message: "unknown name 'rleu'",
    hint: "did you mean 'relu'?",
  },
  {
    name: 'misspelt name in a bn option',
    source: 'block A(e) { conv 8 1x1 bn(epsilon=f) }',
    code: 'E0302',
    at: '1:36',
    message: "unknown name 'f'",
    hint: "did you mean 'e'?",
  },
  {
    name: 'unknown name in a block argument expression',
    source: 'block A(p) { conv p 1x1 }\nblock B(c) { A(p=cc*2) }',
    code: 'E0302',
    at: '2:18',
    message: "unknown name 'cc'",
    hint: "did you mean 'c'?",
  },
  {
    name: 'parameter default using a later parameter',
    source: 'block A(b=a*2, a=1) { conv b 1x1 }',
    code: 'E0302',
    at: '1:11',
    message: "unknown name 'a'",
  },
  {
    name: 'unknown name in a residual argument',
    source: 'block A(s=0.2) residual(scale=z) { conv in 1x1 }',
    code: 'E0302',
    at: '1:31',
    message: "unknown name 'z'",
    hint: "did you mean 's'?",
  },
  {
    name: 'misspelt parameter in arithmetic',
    source: 'block A(c7, act=relu) { conv (2 * c8) 1x1 act=act }',
    code: 'E0302',
    at: '1:35',
    message: "unknown name 'c8'",
    hint: "did you mean 'c7'?",
  },
  {
    name: 'unknown name, nothing close: the names in scope',
    source: 'block A(c7, act=relu) { conv (zzzzzz + 1) 1x1 }',
    code: 'E0302',
    at: '1:31',
    message: "unknown name 'zzzzzz'",
    hint: 'names here: in, classes, true, false, c7, act',
  },
  {
    name: 'value word as an operand of arithmetic',
    source: 'model M { stem { conv (relu + 1) 1x1 } }',
    code: 'E0302',
    at: '1:24',
    message: "unknown name 'relu'",
    hint: 'names here: in, classes, true, false',
  },
  // Repeat counts may use parameters now; an unknown name in one is E0302 like anywhere else.
  {
    name: 'an unknown name in a repeat count',
    source: 'model M { stem { conv 8 1x1 x (k + 1) } }',
    code: 'E0302',
    at: '1:32',
    message: "unknown name 'k'",
  },
  // E0303: duplicate definitions, each with a note at the first.
  {
    name: 'block defined twice',
    source: 'block A { conv 8 1x1 }\nmodel M {\n  block A { conv 4 1x1 }\n}',
    code: 'E0303',
    at: '3:9',
    message: "block 'A' is defined twice",
    hint: 'rename',
    related: ['first defined here'],
  },
  {
    name: 'block with the name of an op',
    source: 'block conv { dense 3 }',
    code: 'E0303',
    at: '1:7',
    message: "block 'conv' has the name of an op",
    hint: 'another name',
  },
  {
    name: 'input given twice',
    source: 'model M {\n  input 8x8x3\n  input 9x9x3\n}',
    code: 'E0303',
    at: '3:3',
    message: "'input' is given twice",
    related: ['first given here'],
  },
  {
    name: 'classes given twice',
    source: 'model M { classes 3; classes 4 }',
    code: 'E0303',
    at: '1:22',
    message: "'classes' is given twice",
  },
  {
    name: 'defaults given twice',
    source: 'model M { defaults { conv: relu }; defaults { conv: same } }',
    code: 'E0303',
    at: '1:36',
    message: "'defaults' is given twice",
  },
  {
    name: 'train given twice',
    source: 'model M { train { epochs 1 }; train { epochs 2 } }',
    code: 'E0303',
    at: '1:31',
    message: "'train' is given twice",
  },
  {
    name: 'aux head defined twice',
    source: 'model M {\n  aux a at x1 { flatten }\n  aux a at x1 { flatten }\n}',
    code: 'E0303',
    at: '3:7',
    message: "aux head 'a' is defined twice",
    related: ['first defined here'],
  },
  {
    name: 'parameter declared twice',
    source: 'block A(p, q, p) { conv p 1x1 }',
    code: 'E0303',
    at: '1:15',
    message: "parameter 'p' is declared twice",
    related: ['first declared here'],
  },
  {
    name: 'parameter named like a flag word',
    source: 'block A(relu) { conv 8 1x1 }',
    code: 'E0303',
    at: '1:9',
    message: "'relu' cannot name a parameter",
    hint: 'another name',
  },
  {
    name: 'parameter named in',
    source: 'block A(in) { conv 8 1x1 }',
    code: 'E0303',
    at: '1:9',
    message: "'in' cannot name a parameter",
  },
  {
    name: 'parameter named classes',
    source: 'block A(c, classes) { conv c 1x1 }',
    code: 'E0303',
    at: '1:12',
    message: "'classes' cannot name a parameter",
  },
  {
    name: 'branches with one name',
    source: 'block A {\n  branch b { conv 8 1x1 }\n  branch b { conv 8 3x3 }\n}',
    code: 'E0303',
    at: '3:10',
    message: "branch 'b' is defined twice in block 'A'",
    hint: 'rename',
    related: ['first defined here'],
  },
  {
    name: 'unnamed branch clashing with a named one',
    source: 'block A {\n  branch b2 { conv 8 1x1 }\n  branch { conv 8 3x3 }\n}',
    code: 'E0303',
    at: '3:3',
    message: "branch 'b2' is defined twice",
    hint: "unnamed branch is called 'b<position>'",
  },
  // E0304: one model per file.
  {
    name: 'two models',
    source: 'model M { }\nmodel N { }',
    code: 'E0304',
    at: '2:7',
    message: 'a file defines at most one model',
    hint: 'import',
  },
  // E0309, E0310, E0313: where statements may stand.
  {
    name: 'branch in a section',
    source: 'model M { stem { branch { conv 8 1x1 } } }',
    code: 'E0309',
    at: '1:18',
    message: '`branch` belongs directly in a block body',
    hint: 'split',
  },
  {
    name: 'branch in a branch',
    source: 'block A { branch { branch { conv 8 1x1 } } }',
    code: 'E0309',
    at: '1:20',
    message: '`branch` belongs directly in a block body',
  },
  {
    name: 'branch in a split group',
    source: 'block A { split { branch { conv 8 1x1 } } { conv 8 1x1 } }',
    code: 'E0309',
    at: '1:19',
    message: '`branch`',
  },
  {
    name: 'branch in an aux head',
    source: 'model M { aux a at x1 { branch { flatten } } }',
    code: 'E0309',
    at: '1:25',
    message: '`branch`',
  },
  {
    name: 'project in a plain block',
    source: 'block A {\n  branch { conv 8 1x1 }\n  project conv in 1x1\n}',
    code: 'E0310',
    at: '3:3',
    message: '`project` belongs directly in a residual block body',
    hint: 'block A residual(scale=0.2)',
  },
  {
    name: 'project in a section',
    source: 'model M { stem { project conv 8 1x1 } }',
    code: 'E0310',
    at: '1:18',
    message: '`project`',
    hint: 'residual(scale=0.2)',
  },
  {
    name: 'two projections',
    source: 'block A residual(scale=0.2) { conv 8 1x1; project conv 8 1x1; project conv in 1x1 }',
    code: 'E0310',
    at: '1:63',
    message: 'a residual block has one `project`',
    related: ['the first projection'],
  },
  {
    name: 'a block as the projection',
    source: 'block P { conv 4 1x1 }\nblock A residual(scale=0.2) { conv 8 1x1; project P }',
    code: 'E0310',
    at: '2:51',
    message: "`project` takes a conv, found 'P'",
  },
  {
    name: 'a repeated projection',
    source: 'block A residual(scale=0.2) { conv 8 1x1; project conv in 1x1 x 2 }',
    code: 'E0310',
    at: '1:65',
    message: '`project` cannot repeat',
  },
  {
    name: 'a renamed projection',
    source: 'block A residual(scale=0.2) { conv 8 1x1; project conv in 1x1 as p }',
    code: 'E0310',
    at: '1:66',
    message: '`project` cannot be renamed',
    hint: '<instance>_conv',
  },
  {
    name: 'project in a branch of a residual block',
    source: 'block A residual(scale=0.2) { branch { conv 8 1x1; project conv in 1x1 } }',
    code: 'E0310',
    at: '1:52',
    message: '`project`',
  },
  {
    name: 'statement beside branches',
    source: 'block A {\n  branch { conv 8 1x1 }\n  conv 8 1x1\n}',
    code: 'E0313',
    at: '3:3',
    message: 'a block body is either all branches or a plain sequence',
    hint: 'inside a `branch { … }`',
  },
  {
    name: 'a split with one group',
    source: 'block Unused { conv 8 1x1; split { conv 4 1x1 } as s }',
    code: 'E0314',
    at: '1:28',
    message: 'a split needs at least two groups',
    hint: 'drop `split`',
  },
  // E0311: recursion, found over every block even unused ones.
  {
    name: 'direct recursion',
    source: 'block A { conv 8 1x1; A }',
    code: 'E0311',
    at: '1:23',
    message: "block 'A' uses itself (A → A)",
    hint: 'repeat with `x N`',
  },
  {
    name: 'indirect recursion',
    source: 'block A { conv 8 1x1; B }\nblock B { branch { C } branch { conv 8 1x1 } }\nblock C { A }',
    code: 'E0311',
    at: '3:11',
    message: "block 'A' uses itself (A → B → C → A)",
  },
  {
    name: 'recursion through a split',
    source: 'block A { split { A } { conv 8 1x1 } }',
    code: 'E0311',
    at: '1:19',
    message: "block 'A' uses itself",
  },
  // E0312, E0403, E0405: block arguments.
  {
    name: 'parameter given positionally and by key',
    source: 'block A(p) { conv p 1x1 }\nmodel M { body { A(1, p=2) } }',
    code: 'E0312',
    at: '2:23',
    message: "parameter 'p' is given twice",
    hint: 'usage: A(p)',
    related: ['first given here'],
  },
  {
    name: 'parameter given twice by key',
    source: 'block A(p) { conv p 1x1 }\nmodel M { body { A(p=1, p=2) } }',
    code: 'E0312',
    at: '2:25',
    message: "parameter 'p' is given twice",
  },
  {
    name: 'too many block arguments',
    source: 'block A(p) { conv p 1x1 }\nmodel M { body { A(1, 2, 3) } }',
    code: 'E0403',
    at: '2:23',
    message: "block 'A' takes 1 argument, given 3",
    hint: 'usage: A(p)',
  },
  {
    name: 'arguments to a block without parameters',
    source: 'block A { conv 8 1x1 }\nmodel M { body { A(1) } }',
    code: 'E0403',
    at: '2:20',
    message: "block 'A' takes no arguments, given 1",
    hint: 'usage: A()',
  },
  {
    name: 'missing block arguments',
    source: 'block A(p, q, r=1) { conv p 1x1 }\nmodel M { body { A(q=2) } }',
    code: 'E0403',
    at: '2:18',
    message: "block 'A' needs a value for 'p'",
    hint: 'usage: A(p, q, r=…)',
  },
  {
    name: 'several missing block arguments',
    source: 'block A(p, q) { conv p 1x1 }\nmodel M { body { A } }',
    code: 'E0403',
    at: '2:18',
    message: "needs a value for 'p', 'q'",
  },
  {
    name: 'unknown block parameter',
    source: 'block A(pool) { conv pool 1x1 }\nmodel M { body { A(pool=8, poll=3) } }',
    code: 'E0405',
    at: '2:28',
    message: "block 'A' has no parameter 'poll'",
    hint: "did you mean 'pool'?",
  },
  {
    name: 'unknown block parameter without a near name',
    source: 'block A(pool) { conv pool 1x1 }\nmodel M { body { A(pool=8, zzz=3) } }',
    code: 'E0405',
    at: '2:28',
    message: "has no parameter 'zzz'",
    hint: 'usage: A(pool)',
  },
  // E0405, E0406: op arguments.
  {
    name: 'unknown op setting',
    source: 'model M { stem { conv 8 3x3 strid=2 } }',
    code: 'E0405',
    at: '1:29',
    message: "'conv' has no setting 'strid'",
    hint: "did you mean 'stride'?",
  },
  {
    name: 'unknown setting of an op without settings',
    source: 'model M { stem { flatten zzz=1 } }',
    code: 'E0405',
    at: '1:26',
    message: "'flatten' has no setting 'zzz'",
  },
  {
    name: 'unknown option call',
    source: 'model M { stem { conv 8 3x3 bm(epsilon=1) } }',
    code: 'E0405',
    at: '1:29',
    message: "'conv' takes no option 'bm(…)'",
    hint: "did you mean 'bn'?",
  },
  {
    name: 'option call on an op without it',
    source: 'model M { head { dense 10 bn(epsilon=1) } }',
    code: 'E0405',
    at: '1:27',
    message: "'dense' takes no option 'bn(…)'",
  },
  {
    name: 'unknown option key',
    source: 'model M { stem { conv 8 3x3 bn(epsilom=1) } }',
    code: 'E0405',
    at: '1:32',
    message: "'bn' has no setting 'epsilom'",
    hint: "did you mean 'epsilon'?",
  },
  {
    name: 'unknown word',
    source: 'model M { stem { conv 8 3x3 rleu } }',
    code: 'E0406',
    at: '1:29',
    message: "unknown word 'rleu' for 'conv'",
    hint: "did you mean 'relu'?",
  },
  {
    name: 'unknown word, nothing close',
    source: 'model M { stem { conv 8 3x3 banana } }',
    code: 'E0406',
    at: '1:29',
    message: "unknown word 'banana' for 'conv'",
    hint: "'conv' understands same, valid",
  },
  {
    name: 'misspelt parameter as a word',
    source: 'block A(pool) { conv pol 1x1 }',
    code: 'E0406',
    at: '1:22',
    message: "unknown word 'pol'",
    hint: "did you mean 'pool'?",
  },
  {
    name: 'word of another op',
    source: 'model M { stem { maxpool 3x3 relu } }',
    code: 'E0406',
    at: '1:30',
    message: "unknown word 'relu' for 'maxpool'",
    hint: "'maxpool' understands same, valid",
  },
  {
    name: '`x2` after an op',
    source: 'model M { stem { conv 8 1x1 x2 } }',
    code: 'E0406',
    at: '1:29',
    message: "unknown word 'x2'",
    hint: 'write `x 2` with a space',
  },
];

describe('checkProgram: one row per diagnostic', () => {
  for (const row of CASES) {
    it(`${row.code} ${row.name}`, () => {
      const r = check(row.source);
      expectDiagnostic(r.diagnostics, row);
      for (const d of r.diagnostics) expect(d.severity).to.equal('error');
    });
  }
});

describe('checkProgram: scope and coverage', () => {
  it('accepts the names every block may use: parameters, in, classes, true, false, flag words', () => {
    const r = check(
      'block A(p, q=true, a=relu) { branch { conv p 1x1 act=a } branch { conv in 1x1 bias=q } branch { dense classes softmax } }\nmodel M { body { A(4); A(4, false, linear) } }',
    );
    expect(r.diagnostics, describe_(r.diagnostics)).to.deep.equal([]);
  });

  it('accepts `bn` as a word and a bare parameter as a value', () => {
    const r = check('block A(c) { conv c 3x3 bn; sepconv c 3x3 bn(scale=false) nobn }\nmodel M { body { A(8) } }');
    expect(r.diagnostics, describe_(r.diagnostics)).to.deep.equal([]);
  });

  it('reports an unknown name over exactly its span', () => {
    const d = expectDiagnostic(check('block A(c7) { conv (2 * c8) 1x1 }').diagnostics, {
      name: '',
      source: '',
      code: 'E0302',
      at: '1:25',
      message: "unknown name 'c8'",
    });
    expect(d.span!.end.column - d.span!.start.column).to.equal(2);
  });

  it('checks unused blocks too, and reports every problem of a file in one run', () => {
    const r = check(
      'block Unused { cnov 8 3x3; conv 8 3x3 rleu }\nmodel M {\n  stem { maxpol 3x3 }\n  head { dense 10 sofmax }\n}',
    );
    expect(r.diagnostics.map((d) => `${d.code}@${at(d)}`)).to.deep.equal([
      'E0301@1:16',
      'E0406@1:39',
      'E0301@3:10',
      'E0406@4:19',
    ]);
  });

  it('sees blocks of libraries, of the file and of the model, in one namespace', () => {
    const r = check('block F { L }\nmodel M { block Inner { F } body { Inner; L } }', ['block L { conv 8 1x1 }']);
    expect(r.diagnostics, describe_(r.diagnostics)).to.deep.equal([]);
    expect([...r.blocks.keys()]).to.deep.equal(['L', 'F', 'Inner']);
  });

  it('reports a block defined in a library and again in the file, with the note in the library', () => {
    const r = check('block L { conv 4 1x1 }', ['block L { conv 8 1x1 }']);
    const d = expectDiagnostic(r.diagnostics, {
      name: '',
      source: '',
      code: 'E0303',
      at: '1:7',
      message: "block 'L' is defined twice",
      related: ['first defined here'],
    });
    expect(d.span!.file).to.equal('x.incep');
    expect(d.related![0]!.span.file).to.equal('lib0.incep');
  });

  it('reports each recursive cycle once', () => {
    const r = check('block A { B }\nblock B { A }');
    expect(r.diagnostics.map((d) => d.code)).to.deep.equal(['E0311']);
  });

  it('leaves shapes and values to lowering', () => {
    const r = check(
      'model M { input 8x8x3; stem { conv 8 3x3 /2; conv 8 3x3; conv 8 3x3; conv 100000 1x1; dropout 2 } }',
    );
    expect(r.diagnostics).to.deep.equal([]);
  });
});

describe('checkProgram through compile', () => {
  it('runs only when the file parsed: a syntax error hides every checker error', () => {
    const r = compileText('model M { stem { cnov 8 3x3 }; stem { conv 8 3x3 ) } }');
    expect(r.diagnostics.map((d) => d.code)).to.deep.equal(['E0201']);
  });

  it('stops before lowering when it finds an error', () => {
    const r = compileText('model M { input 8x8x3; stem { cnov 8 3x3; conv 8 3x3 /2; conv 8 3x3; conv 8 3x3 } }');
    expect(r.diagnostics.map((d) => d.code)).to.deep.equal(['E0301']);
    expect(r.ok).to.equal(false);
    expect(r.ir).to.equal(undefined);
  });
});
