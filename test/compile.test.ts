import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, compileFile } from '../src/compile.js';
import {
  at,
  compileText,
  describe_,
  expectDiagnostic,
  fixture,
  withCode,
  type DiagnosticCase,
} from './fixtures/helpers.js';

const V3 = readFileSync(fixture('inception_v3.incep'), 'utf8');
const KITCHEN_SINK = readFileSync(fixture('kitchen_sink.incep'), 'utf8');

/** Files the import rows read, by base name. */
const FILES: Record<string, string> = {
  'lib.incep': 'block L { conv 8 1x1 }\n',
  'model.incep': 'model N { input 8x8x3 }\n',
  'bad.incep': 'block X { conv 8 1x1 @ }\n',
  'dup.incep': 'block B { conv 8 1x1 }\n',
  'cyc1.incep': 'import "cyc2.incep"\nblock C1 { conv 8 1x1 }\n',
  'cyc2.incep': 'import "cyc1.incep"\nblock C2 { conv 8 1x1 }\n',
};

const IMPORT_CASES: DiagnosticCase[] = [
  {
    name: 'a missing import',
    source: 'import "missing.incep"\nmodel M { input 8x8x3 }',
    code: 'E0601',
    at: '1:8',
    message: "cannot read imported file 'missing.incep'",
    hint: 'relative to the importing file',
  },
  {
    name: 'a file importing itself',
    source: 'import "x.incep"\nmodel M { input 8x8x3 }',
    code: 'E0602',
    at: '1:8',
    message: 'import cycle: x.incep → x.incep',
    hint: 'third file',
  },
  {
    name: 'a cycle between libraries',
    source: 'import "cyc1.incep"\nmodel M { input 8x8x3 }',
    code: 'E0602',
    at: '1:8',
    message: 'import cycle: cyc1.incep → cyc2.incep → cyc1.incep',
  },
  {
    name: 'an imported model',
    source: 'import "model.incep"\nmodel M { input 8x8x3 }',
    code: 'E0603',
    at: '1:8',
    message: "imported file 'model.incep' defines a model",
    hint: 'blocks only',
  },
  {
    name: 'a syntax error in an imported file',
    source: 'import "bad.incep"\nmodel M { input 8x8x3 }',
    code: 'E0101',
    at: '1:22',
    message: 'unexpected character "@"',
  },
  {
    name: 'a block defined in an import and again',
    source: 'import "dup.incep"\nblock B { conv 4 1x1 }\nmodel M { input 8x8x3; body { B } }',
    code: 'E0303',
    at: '2:7',
    message: "block 'B' is defined twice",
    related: ['first defined here'],
  },
];

describe('compile: imports', () => {
  for (const row of IMPORT_CASES) {
    it(`${row.code} ${row.name}`, () => {
      const r = compileText(row.source, { files: FILES });
      expectDiagnostic(r.diagnostics, row);
      expect(r.ok).to.equal(false);
    });
  }

  it('names the imported file in the diagnostics of its text, and keeps its source for formatting', () => {
    const r = compileText('import "bad.incep"\nmodel M { input 8x8x3 }', { files: FILES });
    const d = r.diagnostics[0]!;
    expect(d.span!.file).to.equal('bad.incep');
    expect(r.sources.get('bad.incep')).to.equal(FILES['bad.incep']);
    const dup = compileText('import "dup.incep"\nblock B { conv 4 1x1 }\nmodel M { input 8x8x3; body { B } }', {
      files: FILES,
    });
    expect(dup.diagnostics[0]!.related![0]!.span.file).to.equal('dup.incep');
  });

  it('uses imported blocks, reads a file imported twice once, and compiles', () => {
    const reads: string[] = [];
    const files: Record<string, string> = { ...FILES, 'a.incep': 'import "lib.incep"\nblock A { L }\n' };
    const r = compile('import "lib.incep"\nimport "a.incep"\nmodel M { input 8x8x3; body { A; L } }', {
      filename: 'x.incep',
      readFile: (p) => {
        reads.push(p);
        return files[p.split('/').pop()!];
      },
    });
    expect(r.diagnostics, describe_(r.diagnostics)).to.deep.equal([]);
    expect(reads.map((p) => p.split('/').pop())).to.deep.equal(['lib.incep', 'a.incep']);
    expect(r.ir!.layers.map((l) => l.name)).to.deep.equal(['input', 'a_1_l_1_conv1', 'l_2_conv1']);
  });

  it('resolves imports relative to the importing file on disk (the kitchen sink)', () => {
    const r = compileFile(fixture('kitchen_sink.incep'));
    expect(r.diagnostics, describe_(r.diagnostics)).to.deep.equal([]);
    expect(r.ok).to.equal(true);
    expect([...r.sources.keys()].map((k) => k.replace(/\\/g, '/').split('/').slice(-2).join('/'))).to.deep.equal([
      'fixtures/kitchen_sink.incep',
      'lib/blocks.incep',
      'lib/more.incep',
    ]);
  });

  it('reports a cycle between files on disk at the import that closes it', () => {
    const r = compileFile(fixture('cycle/main.incep'));
    const d = withCode(r.diagnostics, 'E0602')[0]!;
    expect(d.message.replace(/\\/g, '/')).to.match(
      /import cycle: .*cycle\/a\.incep → .*cycle\/b\.incep → .*cycle\/a\.incep$/,
    );
    expect(d.span!.file.replace(/\\/g, '/')).to.match(/cycle\/b\.incep$/);
    expect(at(d)).to.equal('1:8');
  });

  it('reads temporary files through the file system', () => {
    const dir = mkdtempSync(join(tmpdir(), 'incep-'));
    try {
      mkdirSync(join(dir, 'lib'));
      writeFileSync(join(dir, 'lib', 'one.incep'), 'import "two.incep"\nblock One { Two }\n');
      writeFileSync(join(dir, 'lib', 'two.incep'), 'import "../lib/one.incep"\nblock Two { conv 4 1x1 }\n');
      writeFileSync(join(dir, 'main.incep'), 'import "lib/one.incep"\nmodel M { input 8x8x3; body { One } }\n');
      const r = compileFile(join(dir, 'main.incep'));
      expect(r.diagnostics.map((d) => d.code)).to.deep.equal(['E0602']);
      writeFileSync(join(dir, 'lib', 'two.incep'), 'block Two { conv 4 1x1 }\n');
      const ok = compileFile(join(dir, 'main.incep'));
      expect(ok.diagnostics, describe_(ok.diagnostics)).to.deep.equal([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a missing main file without a span, and shows paths relative to the working directory', () => {
    const r = compileFile('no/such/file.incep');
    expect(r.diagnostics.map((d) => [d.code, d.message, d.span])).to.deep.equal([
      ['E0601', "cannot read 'no/such/file.incep'", undefined],
    ]);
    expect(r.ok).to.equal(false);
    const inside = compileFile(fixture('inception_v3.incep'));
    expect(inside.ir!.source).to.equal(relative(process.cwd(), fixture('inception_v3.incep')));
  });
});

describe('compile: phases', () => {
  it('stops after a syntax error: no import, checker or lowering errors', () => {
    const r = compileText('import "missing.incep"\nmodel M { stem { cnov 8 3x3; conv 8 3x3 ) } }', { files: FILES });
    expect(r.diagnostics.map((d) => d.code)).to.deep.equal(['E0201']);
    expect(r.ast).to.equal(undefined);
  });

  it('stops after an import error: no checker errors', () => {
    const r = compileText('import "missing.incep"\nmodel M { stem { cnov 8 3x3 } }', { files: FILES });
    expect(r.diagnostics.map((d) => d.code)).to.deep.equal(['E0601']);
    expect(r.ast).to.not.equal(undefined);
  });

  it('stops after checker errors: no lowering', () => {
    const r = compileText('model M { input 8x8x3; stem { cnov 8 3x3; conv 8 9x9 } }');
    expect(r.diagnostics.map((d) => d.code)).to.deep.equal(['E0301']);
  });

  it('compiles a library (no model) to no IR without errors', () => {
    const r = compileText('block A { conv 8 1x1 }');
    expect(r.ok).to.equal(true);
    expect(r.ir).to.equal(undefined);
    expect(r.diagnostics).to.deep.equal([]);
  });

  it('keeps warnings in a successful result', () => {
    const r = compileText('block A residual(scale=0.5) { conv in 1x1 }\nmodel M { input 8x8x3; body { A } }');
    expect(r.ok).to.equal(true);
    expect(r.diagnostics.map((d) => d.code)).to.deep.equal(['W0501']);
  });

  it('never throws, whatever prefix of a valid file it is given', () => {
    for (let n = 0; n <= KITCHEN_SINK.length; n += 7) {
      const r = compileText(KITCHEN_SINK.slice(0, n), {
        files: { 'blocks.incep': 'block Reduce(k, n=k*2) { conv n 3x3 }\nblock Plain(c) { conv c 1x1 }\n' },
      });
      expect(r.ok || r.diagnostics.length > 0, `prefix of ${n}`).to.equal(true);
    }
  });

  it('never throws on garbage', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet =
      'model block branch split residual x as at { } ( ) , ; : = + - * / // % 3x3 64 0.5 conv relu in classes "a" # \n';
    const words = alphabet.split(' ');
    for (let i = 0; i < 300; i++) {
      const text = Array.from(
        { length: 1 + Math.floor(random() * 30) },
        () => words[Math.floor(random() * words.length)],
      ).join(' ');
      expect(() => compileText(text, { files: {} }), text).to.not.throw();
    }
  });
});

describe('compile: overrides and the smallest input', () => {
  it('names the smallest input that works when the spatial size collapses (v3 at 74x74 → 75x75x3)', () => {
    const r = compileText(V3, { input: [74, 74, 3] });
    const d = withCode(r.diagnostics, 'E0503')[0]!;
    expect(d.message).to.equal("the spatial size collapses at 'mixed8_branch3x3_conv2': 2x2 in, 0x0 out");
    expect(d.hint).to.equal('the smallest input that works is 75x75x3 (--input 75x75x3)');
  });

  it('compiles v3 at 75x75 without its aux head, and with it from the hinted size', () => {
    const small = compileText(V3, { input: [75, 75, 3] });
    expect(small.ok).to.equal(true);
    const w = withCode(small.diagnostics, 'W0502')[0]!;
    expect(w.message).to.include("aux head 'logits' is left out");
    const side = /(\d+)x\1x3/.exec(w.hint ?? '')?.[1];
    expect(side, w.hint).to.not.equal(undefined);
    expect(small.ir!.outputs.aux).to.deep.equal([]);
    const full = compileText(V3, { input: [Number(side), Number(side), 3] });
    expect(full.diagnostics).to.deep.equal([]);
    expect(full.ir!.outputs.aux).to.have.length(1);
    expect(compileText(V3, { input: [Number(side) - 1, Number(side) - 1, 3] }).ir!.outputs.aux).to.deep.equal([]);
  });

  it('keeps the spec’s channels in the hint', () => {
    const r = compileText('model M { input 8x8x5; stem { conv 8 3x3 /2; conv 8 3x3; conv 8 3x3 } }');
    expect(withCode(r.diagnostics, 'E0503')[0]!.hint).to.equal(
      'the smallest input that works is 11x11x5 (--input 11x11x5)',
    );
  });

  it('says so when no input up to the limit works', () => {
    const r = compileText('model M { input 8x8x3; stem { maxpool 1024x1024; maxpool 1024x1024 } }');
    expect(withCode(r.diagnostics, 'E0503')[0]!.hint).to.equal(
      'no input size up to the limit works: check the strides and valid paddings',
    );
  });

  it('overrides classes and input, even when the spec has no input', () => {
    const r = compileText('model M { classes 3; head { globalavgpool; dense classes } }', {
      classes: 7,
      input: [5, 5, 2],
    });
    expect(r.ir!.classes).to.equal(7);
    expect(r.ir!.input).to.deep.equal([5, 5, 2]);
    expect(compileText('model M { }').diagnostics.map((d) => d.code)).to.deep.equal(['E0308']);
  });

  it('refuses a width multiplier out of range', () => {
    const r = compileText('model M { input 8x8x3 }', { width: 5 });
    expect(r.diagnostics.map((d) => [d.code, at(d)])).to.deep.equal([['E0404', '1:7']]);
  });
});

describe('compile: an output that is not one score per class', () => {
  const HEAD = 'head { globalavgpool; dense classes softmax }';
  const cases: Array<{ name: string; source: string; classes?: number; codes: string[]; message?: RegExp }> = [
    {
      name: '`classes` and no head: a warning at `classes`',
      source: 'model M { input 8x8x3; classes 10; stem { conv 8 3x3 } }',
      codes: ['W0503@1:24'],
      message: /declares 10 classes but outputs 6x6x8, not one score per class/,
    },
    {
      name: '`classes`, a train section and no head: an error at `train`',
      source: 'model M { input 8x8x3; classes 10; stem { conv 8 3x3 }; train { epochs 1 } }',
      codes: ['E0507@1:57'],
      message: /trains on 10 classes but outputs 6x6x8/,
    },
    {
      name: '--classes and a head that ends elsewhere',
      source: 'model M { input 8x8x3; stem { conv 8 3x3 }; head { globalavgpool; dense 7 } }',
      classes: 10,
      codes: ['W0503@1:7'],
      message: /declares 10 classes but outputs 7/,
    },
    {
      name: '`classes` and a head that ends at them',
      source: `model M { input 8x8x3; classes 10; ${HEAD} }`,
      codes: [],
    },
    { name: 'no `classes`: a feature extractor', source: 'model M { input 8x8x3; stem { conv 8 3x3 } }', codes: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = compileText(c.source, c.classes !== undefined ? { classes: c.classes } : {});
      expect(r.diagnostics.map((d) => `${d.code}@${at(d)}`)).to.deep.equal(c.codes);
      if (c.message) expect(r.diagnostics[0]!.message).to.match(c.message);
    });
  }
});

describe('compile: every number finite', () => {
  // 1e309 reads as Infinity: once a model that output 1/K for every input, or an internal error.
  const cases: Array<[string, string, string]> = [
    ['a BN epsilon', 'model M { input 8x8x3; stem { conv 8 3x3 bn(epsilon=1e309) } }', 'E0402@1:53'],
    [
      'a residual scale',
      'block R residual(scale=1e309) { conv in 1x1 }\nmodel M { input 8x8x3; body { R } }',
      'E0402@1:24',
    ],
    ['a block argument', 'block R(n) { conv n 1x1 }\nmodel M { input 8x8x3; body { R(1e400) } }', 'E0402@2:33'],
    ['a weight decay', 'model M { input 8x8x3; train { weight_decay 1e309 } }', 'E0402@1:45'],
    [
      'a negative aux weight',
      'block A { conv 4 1x1 }\nmodel M { input 8x8x3; body { A as a1 }; aux s at a1 weight -1 { globalavgpool; dense 2 } }',
      'E0404@2:61',
    ],
  ];
  for (const [what, source, code] of cases) {
    it(`refuses ${what}`, () => {
      expect(compileText(source).diagnostics.map((d) => `${d.code}@${at(d)}`)).to.deep.equal([code]);
    });
  }
});

describe('compile: imports read only spec files, inside the allowed directories', function () {
  this.timeout(30_000);
  let dir: string;
  let outside: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'incep-roots-'));
    outside = mkdtempSync(join(tmpdir(), 'incep-outside-'));
    mkdirSync(join(dir, 'lib'));
    mkdirSync(join(dir, 'dir.incep'));
    writeFileSync(join(dir, 'lib', 'one.incep'), 'block One { conv 4 1x1 }\n');
    writeFileSync(join(dir, 'notes.txt'), 'secret notes\n');
    writeFileSync(join(outside, 'blocks.incep'), 'block Far { conv 4 1x1 }\n');
    writeFileSync(join(dir, 'huge.incep'), Buffer.alloc(4 * 1024 * 1024 + 1, 0x20));
    symlinkSync('/etc/passwd', join(dir, 'passwd.incep'));
    symlinkSync(join(dir, 'lib', 'one.incep'), join(dir, 'alias.incep'));
    execFileSync('mkfifo', [join(dir, 'pipe.incep')]);
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  const compileMain = (imports: string, body = '', options: Parameters<typeof compileFile>[1] = {}) => {
    writeFileSync(join(dir, 'main.incep'), `${imports}\nmodel M { input 8x8x3; body { conv 4 1x1 ${body} } }\n`);
    return compileFile(join(dir, 'main.incep'), options);
  };

  // `imports` gets the path of the directory outside the spec's, relative to it.
  const refused: Array<{
    name: string;
    imports: (far: string) => string;
    code: string;
    message: RegExp;
    unread?: string;
  }> = [
    {
      name: 'a text file',
      imports: () => 'import "notes.txt"',
      code: 'E0604',
      message: /'notes\.txt' does not name a \.incep file/,
      unread: 'secret',
    },
    {
      name: "the process's environment",
      imports: () => 'import "/proc/self/environ"',
      code: 'E0604',
      message: /does not name a \.incep file/,
    },
    {
      name: 'a spec-named link to /etc/passwd',
      imports: () => 'import "passwd.incep"',
      code: 'E0604',
      message: /'passwd\.incep' is a link to '\/etc\/passwd', not a \.incep file/,
      unread: 'root:',
    },
    {
      name: 'a spec outside the directory',
      imports: (far) => `import "${far}/blocks.incep"`,
      code: 'E0605',
      message: /is outside the directories specs may import from/,
      unread: 'Far',
    },
    {
      name: 'a FIFO',
      imports: () => 'import "pipe.incep"',
      code: 'E0601',
      message: /'.*pipe\.incep': it is not a regular file/,
    },
    {
      name: 'a directory',
      imports: () => 'import "dir.incep"',
      code: 'E0601',
      message: /'.*dir\.incep': it is a directory/,
    },
    { name: 'a spec over 4 MiB', imports: () => 'import "huge.incep"', code: 'E0601', message: /over the 4 MiB limit/ },
  ];
  for (const c of refused) {
    it(`refuses ${c.name} (${c.code}) before reading it`, () => {
      const r = compileMain(c.imports(relative(dir, outside)));
      expect(r.diagnostics.map((d) => d.code)).to.deep.equal([c.code]);
      expect(r.diagnostics[0]!.message).to.match(c.message);
      if (c.unread) for (const text of r.sources.values()) expect(text).not.to.include(c.unread);
    });
  }

  it('reads the same file reached through a link once (no "defined twice")', () => {
    const r = compileMain('import "lib/one.incep"\nimport "alias.incep"', '; One');
    expect(r.diagnostics, describe_(r.diagnostics)).to.deep.equal([]);
  });

  it('imports from another directory given as a root (--root)', () => {
    const far = `import "${relative(dir, join(outside, 'blocks.incep'))}"`;
    const r = compileMain(far, '; Far', { roots: [dir, outside] });
    expect(r.diagnostics, describe_(r.diagnostics)).to.deep.equal([]);
  });

  it("imports incep's own specs/lib from anywhere", () => {
    const lib = relative(dir, fileURLToPath(new URL('../specs/lib/stems.incep', import.meta.url)));
    const r = compileMain(`import "${lib}"`);
    expect(r.diagnostics, describe_(r.diagnostics)).to.deep.equal([]);
  });

  const mains: Array<[string, string, RegExp]> = [
    ['a device', '/dev/zero', /cannot read '\/dev\/zero': it is not a regular file/],
    ['a FIFO', 'pipe.incep', /it is not a regular file/],
    ['a file over 4 MiB', 'huge.incep', /over the 4 MiB limit/],
  ];
  for (const [what, path, message] of mains) {
    it(`refuses ${what} as the main file, unread`, () => {
      const r = compileFile(path.startsWith('/') ? path : join(dir, path));
      expect(r.diagnostics.map((d) => d.code)).to.deep.equal(['E0601']);
      expect(r.diagnostics[0]!.message).to.match(message);
    });
  }
});
