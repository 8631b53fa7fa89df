import type { CatalogueEntry } from '../catalogue.js';

/**
 * The codes of the static checks on names and structure (E03xx): unknown or duplicate names, where
 * `branch`, `project` and `split` may stand, block recursion.
 */
export const NAME_ENTRIES = {
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
  E0315: {
    severity: 'error',
    title: '`freeze` names no instance or layer',
    explanation:
      "A `train` section's `freeze NAME` freezes the network up to and including that block instance " +
      '(or an op named with `as`, or any layer), for fine-tuning. The name must exist in the model ' +
      'as built: check the spelling against `incep summary`.',
    examples: [
      {
        what: '`freeze` of an unknown instance',
        source: 'block A { conv 8 1x1 } model M { input 8x8x3; body { A as mixed0 }; train { freeze mixed9 } }',
      },
    ],
  },
} as const satisfies Record<string, CatalogueEntry>;
