import type { Severity } from './Diagnostic.js';

/** One illustration of a diagnostic: a case in words, and the smallest spec that shows it. */
export interface CatalogueExample {
  /** The case, in a few words (a row's "meaning" in grammar/README.md). */
  readonly what: string;
  /**
   * A spec, compiled as `x.incep` next to `lib.incep` and `m.incep`, that reports the code; null
   * where no short spec can (a 4 MiB file, 257 nested brackets).
   */
  readonly source: string | null;
}

/** Everything a user is told about one diagnostic code, wherever it is shown. */
export interface CatalogueEntry {
  readonly severity: Severity;
  /** One line, lower case, no full stop: `unknown op or block`. */
  readonly title: string;
  /** A short paragraph: what it means, the usual cause, and how to fix it. */
  readonly explanation: string;
  /** In the order the grammar reference's table lists them; the first is the commonest case. */
  readonly examples: readonly CatalogueExample[];
}

/**
 * Every diagnostic code of incep, the one source of its severity, title, explanation and examples:
 * `error`/`warning`/`note` take their codes from here, `incep explain` prints it, and the table in
 * grammar/README.md is generated from it (`npm run gen`). Codes are stable: a code is never reused
 * for another meaning (E0305 and E0306 are retired).
 */
export const CATALOGUE = {
  E0100: {
    severity: 'error',
    title: 'file too large',
    explanation:
      'A spec file is larger than 4 MiB (4,194,304 characters). The limit keeps any input from ' +
      'exhausting memory before an error can be shown; no real network comes near it. Usually the ' +
      'wrong file was passed. Split a very large spec into files joined with `import`.',
    examples: [{ what: 'the file is larger than 4 MiB', source: null }],
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
  E0301: {
    severity: 'error',
    title: 'unknown op or block',
    explanation:
      'A call names neither a built-in op nor a block defined in the file or imported into it. ' +
      'Usually a typo (the hint suggests the closest name) or a missing `import` of the file that ' +
      'defines the block. In `defaults`, only op names are accepted.',
    examples: [
      { what: 'unknown op or block', source: 'model M { input 8x8x3; stem { cnov 8 3x3 } }' },
      { what: 'unknown op in `defaults`', source: 'model M { input 8x8x3; defaults { cnv: relu } }' },
    ],
  },
  E0302: {
    severity: 'error',
    title: 'unknown name',
    explanation:
      'An expression or a block argument uses a name that is neither a parameter of the enclosing ' +
      'block nor a word the language knows. Usually a misspelt parameter; the hint suggests the ' +
      'closest name in scope. Declare the parameter on the block (`block A(filters)`) or fix the spelling.',
    examples: [
      { what: 'unknown name in an expression', source: 'model M { input 8x8x3; stem { conv (fitlers*2) 1x1 } }' },
      {
        what: 'unknown name as a block argument',
        source: 'block A(p) { conv p 1x1 } model M { input 8x8x3; body { A(pol) } }',
      },
    ],
  },
  E0303: {
    severity: 'error',
    title: 'defined twice',
    explanation:
      'One name or item is defined twice where it must be unique: a block, an aux head, a block ' +
      'parameter, a branch label, a layer name, or a model item such as `input`. Also a block or ' +
      'parameter that takes the name of an op, a built-in or a flag word. Rename or remove one; ' +
      'two layers with one name are often made by a repeat of an instance named with `as`.',
    examples: [
      { what: 'block defined twice', source: 'block A { conv 8 1x1 } block A { conv 4 1x1 } model M { input 8x8x3 }' },
      { what: "block with an op's name", source: 'block conv { conv 8 1x1 } model M { input 8x8x3 }' },
      { what: '`input`, `classes`, `defaults` or `train` given twice', source: 'model M { input 8x8x3; input 9x9x3 }' },
      {
        what: 'aux head defined twice',
        source:
          'block A { conv 8 1x1 } model M { input 8x8x3; body { A as a }; aux h at a { flatten }; aux h at a { flatten } }',
      },
      { what: 'parameter declared twice', source: 'block A(p, p) { conv p 1x1 } model M { input 8x8x3 }' },
      {
        what: 'parameter named like a built-in or a flag word',
        source: 'block A(relu) { conv 8 1x1 } model M { input 8x8x3 }',
      },
      {
        what: 'two branches with one label',
        source: 'block A { branch b { conv 8 1x1 } branch b { conv 8 3x3 same } } model M { input 8x8x3; body { A } }',
      },
      {
        what: 'two layers with one name',
        source: 'model M { input 8x8x3; stem { conv 8 1x1 as c; conv 8 1x1 as c } }',
      },
    ],
  },
  E0304: {
    severity: 'error',
    title: 'more than one model in a file',
    explanation:
      'A file defines at most one model. Put each model in its own file and share their blocks ' +
      'through a library file that both `import`.',
    examples: [{ what: 'a second model in one file', source: 'model M { input 8x8x3 } model N { input 8x8x3 }' }],
  },
  E0307: {
    severity: 'error',
    title: 'aux head taps an unknown instance',
    explanation:
      'The name after `at` in an aux head is not a block instance or layer of the model. Instances ' +
      'are named with `as` (or get generated names such as `mixed0`); the hint suggests the closest ' +
      'existing one.',
    examples: [
      {
        what: 'aux head taps an unknown instance',
        source: 'block A { conv 8 1x1 } model M { input 8x8x3; body { A as mixed0 }; aux h at mixed1 { flatten } }',
      },
    ],
  },
  E0308: {
    severity: 'error',
    title: 'model without input',
    explanation:
      'The model has no `input` item and none was given with `--input`, so no shape can be ' +
      'inferred. Add `input HxWxC`, e.g. `input 299x299x3`.',
    examples: [{ what: 'model without input (and no `--input`)', source: 'model M { stem { conv 8 1x1 } }' }],
  },
  E0309: {
    severity: 'error',
    title: '`branch` outside a block body',
    explanation:
      '`branch` only stands directly in a block body, where the branches make an Inception module. ' +
      'For parallel paths inside a sequence (a stem, a branch), write `split { … } { … }` instead.',
    examples: [
      { what: '`branch` outside a block body', source: 'model M { input 8x8x3; stem { branch { conv 8 1x1 } } }' },
    ],
  },
  E0310: {
    severity: 'error',
    title: 'misplaced or malformed `project`',
    explanation:
      "`project` (the conv that maps a residual path back to the block input's channels) only " +
      'stands directly in the body of a block declared `residual(…)`, once, as one conv that is ' +
      'neither renamed nor repeated. Declare the block with `block Name residual(scale=0.2) { … }` ' +
      'or remove the `project`.',
    examples: [
      {
        what: '`project` outside a residual block body',
        source: 'block A { branch { conv 8 1x1 } project conv in 1x1 } model M { input 8x8x3; body { A } }',
      },
    ],
  },
  E0311: {
    severity: 'error',
    title: 'recursive or too deeply nested block',
    explanation:
      'A block uses itself, directly or through other blocks, so its expansion would never end; or ' +
      'block instances nest deeper than 64. The message shows the chain of calls. Break the cycle.',
    examples: [
      { what: 'block uses itself, directly', source: 'block A { conv 8 1x1; A } model M { input 8x8x3 }' },
      { what: '… or through others', source: 'block A { B } block B { A } model M { input 8x8x3 }' },
    ],
  },
  E0312: {
    severity: 'error',
    title: 'parameter given twice',
    explanation:
      'A block call gives one parameter a value twice, usually once by position and once by key. ' +
      'Give each parameter one value.',
    examples: [
      {
        what: 'parameter given twice',
        source: 'block A(p) { conv p 1x1 } model M { input 8x8x3; body { A(1, p=2) } }',
      },
    ],
  },
  E0313: {
    severity: 'error',
    title: 'block body mixes branches and statements',
    explanation:
      'A block body is either all branches (an Inception module) or a plain sequence (a reusable ' +
      'stack), never both. Put the stray statements inside a `branch { … }`, or use ' +
      '`split { … } { … }` within a sequence.',
    examples: [
      {
        what: 'block body mixes branches and statements',
        source: 'block A { conv 8 1x1; branch { conv 8 1x1 } } model M { input 8x8x3; body { A } }',
      },
    ],
  },
  E0314: {
    severity: 'error',
    title: 'split with fewer than two groups',
    explanation:
      'A `split` runs its groups in parallel and concatenates them, so it needs at least two. Write ' +
      '`split { … } { … }`, or drop `split` for a single path.',
    examples: [
      { what: 'a split with fewer than two groups', source: 'model M { input 8x8x3; stem { split { conv 8 1x1 } } }' },
    ],
  },
  E0401: {
    severity: 'error',
    title: 'arithmetic on a word',
    explanation:
      'An expression computes with a value that is a word (such as `relu`), not a number, usually ' +
      'a block parameter whose default or argument is a word. Pass a number, or use the word ' +
      'where a word is expected.',
    examples: [
      {
        what: 'arithmetic on a word',
        source: 'block A(a=relu) { conv (a*2) 1x1 } model M { input 8x8x3; body { A } }',
      },
    ],
  },
  E0402: {
    severity: 'error',
    title: 'invalid arithmetic',
    explanation:
      'An expression divides by zero or gives a value too large to represent. Check the ' +
      'expression and the arguments its parameters were given.',
    examples: [
      { what: 'division by zero', source: 'model M { input 8x8x3; stem { conv (8/0) 1x1 } }' },
      { what: 'a value too large to represent', source: 'model M { input 8x8x3; stem { conv (1e308*10) 1x1 } }' },
    ],
  },
  E0403: {
    severity: 'error',
    title: 'wrong number of arguments',
    explanation:
      'An op or block call has too many or too few values: a value with no slot left, a required ' +
      "setting (such as a conv's kernel) or block parameter without a value, or a size or stride the " +
      'op does not take. `defaults` take `key=value` settings, not plain values. The hint shows ' +
      'how the op or block is called.',
    examples: [
      { what: 'too many values for an op', source: 'model M { input 8x8x3; stem { conv 8 1x1 9 } }' },
      { what: 'a required setting missing', source: 'model M { input 8x8x3; stem { conv 8 } }' },
      {
        what: 'a size or stride the op does not take',
        source: 'model M { input 8x8x3; head { flatten; dense 10 3x3 } }',
      },
      { what: 'a plain value in `defaults`', source: 'model M { input 8x8x3; defaults { conv: 64 } }' },
      {
        what: 'too many block arguments',
        source: 'block A(p) { conv p 1x1 } model M { input 8x8x3; body { A(1, 2) } }',
      },
      {
        what: 'a block parameter without value',
        source: 'block A(p) { conv p 1x1 } model M { input 8x8x3; body { A } }',
      },
    ],
  },
  E0404: {
    severity: 'error',
    title: 'invalid value',
    explanation:
      'A value has the wrong type or is out of range: a fraction where an integer belongs, a number ' +
      'beyond a limit (see Limits in grammar/README.md), a stride with a dilation, an input that is ' +
      'not HxWxC, a size passed to a block parameter, or a malformed `train` value. The message ' +
      'names the accepted range or form.',
    examples: [
      { what: 'a value of the wrong type', source: 'model M { input 8x8x3; stem { conv 8.5 3x3 } }' },
      { what: 'a value out of range (here a limit)', source: 'model M { input 8x8x3; stem { conv 100000 1x1 } }' },
      { what: 'a stride with a dilation', source: 'model M { input 8x8x3; stem { conv 8 3x3 /2 dilation=2 } }' },
      { what: 'repeat count out of range', source: 'model M { input 8x8x3; stem { conv 8 1x1 x 1001 } }' },
      { what: 'input that is not HxWxC', source: 'model M { input 8x8 }' },
      {
        what: 'a size where a block parameter is expected',
        source: 'block A(p) { conv p 1x1 } model M { input 8x8x3; body { A(3x3) } }',
      },
      { what: 'a malformed `train` value', source: 'model M { input 8x8x3; train { label_smoothing 1 } }' },
    ],
  },
  E0405: {
    severity: 'error',
    title: 'unknown setting, option or parameter',
    explanation:
      'A `key=` or option name is not one the op, option call (`bn(…)`), block, `residual(…)` or ' +
      '`train` item accepts. Usually a typo; the hint suggests the closest key or lists the known ones.',
    examples: [
      { what: 'unknown setting of an op', source: 'model M { input 8x8x3; stem { conv 8 3x3 strid=2 } }' },
      {
        what: 'unknown option call or option key',
        source: 'model M { input 8x8x3; stem { conv 8 3x3 bn(epsilom=0.1) } }',
      },
      {
        what: 'unknown block parameter',
        source: 'block A(pool) { conv pool 1x1 } model M { input 8x8x3; body { A(poll=3) } }',
      },
      {
        what: 'unknown residual key',
        source: 'block A residual(scal=0.2) { conv in 1x1 } model M { input 8x8x3; body { A } }',
      },
      {
        what: 'unknown training key, optimizer, option or unit',
        source: 'model M { input 8x8x3; train { optimizer rmsprp(lr=0.1) } }',
      },
    ],
  },
  E0406: {
    severity: 'error',
    title: 'unknown word for an op',
    explanation:
      'A bare word after an op is none of its flags (padding, activation, `nobn`, …) and no ' +
      'parameter in scope. Usually a misspelt activation; the hint suggests the closest word.',
    examples: [{ what: 'unknown word for an op', source: 'model M { input 8x8x3; stem { conv 8 3x3 rleu } }' }],
  },
  E0501: {
    severity: 'error',
    title: 'parallel paths disagree on height × width',
    explanation:
      'The branches of a block (or the groups of a split) end at different spatial sizes, so their ' +
      'outputs cannot be concatenated. Usually one branch strides or uses `valid` padding and ' +
      "another does not; the related notes give each path's shape. Make every path end at the same size.",
    examples: [
      {
        what: 'parallel paths disagree on height × width',
        source: 'block R { branch { conv 8 3x3 /2 } branch { conv 8 3x3 same } } model M { input 32x32x3; body { R } }',
      },
    ],
  },
  E0502: {
    severity: 'error',
    title: 'residual add with unequal shapes',
    explanation:
      'The residual path of a `residual(…)` block does not end at the shape of the block input, so ' +
      'the two cannot be added. When the channels differ, end the path with ' +
      "`project conv in 1x1 bias linear nobn` (a 1x1 conv back to the input's channels); when the " +
      'spatial size differs, use stride 1 and `same` padding inside the block.',
    examples: [
      {
        what: 'residual add with unequal shapes',
        source:
          'block B residual(scale=0.2) { branch { conv 8 1x1 } branch { conv 8 1x1 } } model M { input 8x8x3; body { B } }',
      },
    ],
  },
  E0503: {
    severity: 'error',
    title: 'spatial size collapses',
    explanation:
      'An op would produce a height or width below 1: the input is too small for the strides and ' +
      '`valid` paddings before it. The hint names the smallest input that works; use at least that ' +
      '(`input` or `--input`), or use `same` padding.',
    examples: [
      {
        what: 'spatial size collapses',
        source: 'model M { input 8x8x3; stem { conv 8 3x3 /2; conv 8 3x3; conv 8 3x3 } }',
      },
    ],
  },
  E0504: {
    severity: 'error',
    title: 'op on an input of the wrong rank',
    explanation:
      'Spatial ops (conv, pooling, …) need a height × width × channels input and `dense` needs a ' +
      'flat one. Put spatial ops before `flatten` / `globalavgpool`, and one of those before `dense`.',
    examples: [
      { what: 'a spatial op after flattening', source: 'model M { input 8x8x3; stem { flatten; conv 8 3x3 } }' },
      { what: '`dense` on a spatial input', source: 'model M { input 8x8x3; stem { dense 10 } }' },
    ],
  },
  E0505: {
    severity: 'error',
    title: 'model too large',
    explanation:
      'The model exceeds a size limit: more than 100,000 layers, more than 1,000,000,000 parameters, ' +
      'or one output larger than 16,384² × 4,096. Usually a repeat count multiplied by a nested ' +
      'repeat, or a dense layer on a large flattened map; check the repeat counts and add pooling ' +
      'before `dense`.',
    examples: [
      {
        what: 'more than 100,000 layers',
        source: 'block A { conv 8 1x1 x 1000 } model M { input 8x8x3; body { A x 101 } }',
      },
    ],
  },
  E0506: {
    severity: 'error',
    title: 'multiply outside a block',
    explanation:
      "`multiply` scales the enclosing block instance's input by the tensor that reaches it (a " +
      'broadcasting, per-channel product, as in Squeeze-and-Excitation), so it only stands in a block ' +
      "body, and its channels must equal the block input's channels. Move it into a block.",
    examples: [
      { what: 'multiply outside a block', source: 'model M { input 8x8x3; stem { globalavgpool; multiply } }' },
    ],
  },
  E0601: {
    severity: 'error',
    title: 'file cannot be read',
    explanation:
      'A spec given on the command line, or a file named by `import`, cannot be read. Import paths ' +
      'are relative to the importing file; check the path.',
    examples: [{ what: 'a file that cannot be read', source: 'import "missing.incep" model M { input 8x8x3 }' }],
  },
  E0602: {
    severity: 'error',
    title: 'import cycle',
    explanation:
      'Files import each other, directly or through others. Move the shared blocks into a third ' +
      'file that both import.',
    examples: [{ what: 'an import cycle', source: 'import "x.incep" model M { input 8x8x3 }' }],
  },
  E0603: {
    severity: 'error',
    title: 'imported file defines a model',
    explanation:
      'Imported files hold blocks only; a model is the root of one compilation. Move the blocks the ' +
      'model shares into a library file and import that.',
    examples: [{ what: 'an imported file defines a model', source: 'import "m.incep" model M { input 8x8x3 }' }],
  },
  W0501: {
    severity: 'warning',
    title: 'residual scale outside 0.1 … 0.3',
    explanation:
      'The scale of a `residual(…)` block is neither 1 nor within 0.1 to 0.3. Szegedy et al. ' +
      '(Inception-v4, 2016, §3.3) scale residuals by 0.1 to 0.3 before the add to keep training ' +
      'stable with more than 1,000 filters. Other scales compile; check the value.',
    examples: [
      {
        what: 'residual scale outside 0.1 … 0.3',
        source: 'block A residual(scale=0.5) { conv in 1x1 } model M { input 8x8x3; body { A } }',
      },
    ],
  },
  W0502: {
    severity: 'warning',
    title: 'aux head left out at this input',
    explanation:
      "An aux head's spatial size collapses at this input size, so it is left out of the model. The " +
      'inference network is still valid; aux heads only matter for training builds. The hint gives ' +
      'the smallest input that keeps it.',
    examples: [
      {
        what: 'aux head left out at this input',
        source: 'model M { input 8x8x3; stem { conv 8 3x3 as t }; aux a at t { conv 8 7x7 } }',
      },
    ],
  },
  N0501: {
    severity: 'note',
    title: 'MACs saved by a factorization',
    explanation:
      'Reports the multiply-accumulates a `factorize`d conv costs against the single n×n conv it ' +
      'replaces. A strided factorization can cost more, because its first factors run at the input ' +
      'resolution. Nothing to fix.',
    examples: [
      {
        what: '(a note) the MACs a factorization saves',
        source: 'model M { input 8x8x3; stem { conv 8 5x5 same factorize } }',
      },
    ],
  },
} as const satisfies Record<string, CatalogueEntry>;

/** A diagnostic code of the catalogue: the union of its literal keys. */
export type DiagnosticCode = keyof typeof CATALOGUE;

/** The catalogue's codes of one severity (`note` takes only these). */
export type CodeOfSeverity<S extends Severity> = {
  [C in DiagnosticCode]: (typeof CATALOGUE)[C]['severity'] extends S ? C : never;
}[DiagnosticCode];
