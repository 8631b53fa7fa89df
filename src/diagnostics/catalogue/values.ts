import type { CatalogueEntry } from '../catalogue.js';

/** The codes of values and arguments (E04xx): what an op or a block call is given. */
export const VALUE_ENTRIES = {
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
} as const satisfies Record<string, CatalogueEntry>;
