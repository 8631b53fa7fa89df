import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { IRLayer, IRModel } from '../../src/ir/ir.js';
import { LIMITS } from '../../src/ops/limits.js';
import { convOutputLength } from '../../src/ops/convOutputLength.js';
import {
  at,
  compileText,
  describe_,
  expectDiagnostic,
  fixture,
  withCode,
  type DiagnosticCase,
} from '../fixtures/helpers.js';

/** Compiles a snippet that must compile; returns its IR. */
function lowerOk(source: string, options: Parameters<typeof compileText>[1] = {}): IRModel {
  const r = compileText(source, options);
  if (!r.ir) throw new Error(describe_(r.diagnostics));
  expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
  return r.ir;
}

function layer(ir: IRModel, name: string): IRLayer {
  const l = ir.layers.find((x) => x.name === name);
  if (!l) throw new Error(`no layer '${name}' in ${ir.layers.map((x) => x.name).join(' ')}`);
  return l;
}

/** `name[HxWxC]` for every layer but the input. */
function names(ir: IRModel): string[] {
  return ir.layers.slice(1).map((l) => l.name);
}

const IN = 'model M { input 8x8x3';

/** One row per error or warning lowering reports (after the checker found nothing). */
const CASES: DiagnosticCase[] = [
  // E0506: multiply scales the enclosing block's input.
  {
    name: 'multiply outside a block',
    source: `${IN}; stem { globalavgpool; multiply } }`,
    code: 'E0506',
    at: '1:46',
    message: '`multiply` scales the input of the block it stands in',
  },
  {
    name: 'a gate that does not broadcast',
    source: `block G { globalavgpool; dense 5 sigmoid; multiply }\n${IN}; body { G } }`,
    code: 'E0506',
    at: '1:43',
    message: "'multiply' scales the block input (8x8x3) by 'g_1_dense1' (5)",
  },
  // E0401, E0402: expressions (unknown names, E0302, are found by the checker first).
  {
    name: 'arithmetic on a word',
    source: `block A(a=relu) { conv (a*2) 1x1 }\n${IN}; body { A } }`,
    code: 'E0401',
    at: '1:25',
    message: 'expected a number, found "relu"',
  },
  {
    name: 'division by zero',
    source: `${IN}; stem { conv (8/0) 1x1 } }`,
    code: 'E0402',
    at: '1:37',
    message: 'division by zero',
  },
  {
    name: 'floor division by zero',
    source: `${IN}; stem { conv (8//(in-in)) 1x1 } }`,
    code: 'E0402',
    at: '1:37',
    message: 'division by zero',
  },
  {
    name: 'modulo by zero',
    source: `${IN}; stem { conv (8%0) 1x1 } }`,
    code: 'E0402',
    at: '1:37',
    message: 'division by zero',
  },
  {
    name: 'a value too large',
    source: `${IN}; stem { conv (1e308*10) 1x1 } }`,
    code: 'E0402',
    at: '1:37',
    message: 'the value is too large',
  },
  // E0303: names made while lowering.
  {
    name: 'two layers named alike with `as`',
    source: `${IN}; stem { conv 8 1x1 as c; conv 8 1x1 as c } }`,
    code: 'E0303',
    at: '1:48',
    message: "two layers are named 'c'",
    hint: 'another name with `as`',
    related: ['the first one is made here'],
  },
  {
    name: 'an op alias twice in one block body',
    source: `block A { conv 8 1x1 as c; conv 8 1x1 as c }\n${IN}; body { A } }`,
    code: 'E0303',
    at: '1:28',
    message: "two layers are named 'a_1_c'",
  },
  {
    name: 'an instance named like a layer',
    source: `block A { conv 8 1x1 }\n${IN}; stem { conv 8 1x1 as a_conv1 }; body { A as a } }`,
    code: 'E0303',
    at: '1:11',
    message: "two layers are named 'a_conv1'",
    related: ['the first one is made here'],
  },
  {
    name: 'an op alias given twice in a section',
    source: `${IN}; stem { conv 8 1x1 as c; conv 8 1x1 as c } }`,
    code: 'E0303',
    at: '1:48',
    message: "two layers are named 'c'",
  },
  // E0307, E0308: model items.
  {
    name: 'aux head tapping an unknown instance',
    source: `block A { conv 8 1x1 }\n${IN}; body { A as mixed0 }; aux h at mixed1 { flatten } }`,
    code: 'E0307',
    at: '2:55',
    message: "aux head 'h' taps unknown instance 'mixed1'",
    hint: "did you mean 'mixed0'?",
  },
  {
    name: 'no input',
    source: 'model M { stem { conv 8 1x1 } }',
    code: 'E0308',
    at: '1:7',
    message: "model 'M' has no input",
    hint: 'input 299x299x3',
  },
  // E0311: nesting depth (recursion is the checker's).
  {
    name: 'blocks nested deeper than the limit',
    source: [
      'block B0 { conv 4 1x1 }',
      ...Array.from({ length: 70 }, (_, i) => `block B${i + 1} { B${i} }`),
      `${IN}; body { B70 } }`,
    ].join('\n'),
    code: 'E0311',
    at: '8:12',
    message: `blocks nest deeper than ${LIMITS.depth}`,
  },
  // E0403: missing or surplus values.
  {
    name: 'too many values for an op',
    source: `${IN}; stem { conv 8 1x1 9 } }`,
    code: 'E0403',
    at: '1:42',
    message: "too many values for 'conv' (it takes filters, kernel)",
    hint: 'usage: conv FILTERS KxK [/S]',
  },
  {
    name: 'a size before the filters',
    source: `${IN}; stem { conv 3x3 64 } }`,
    code: 'E0403',
    at: '1:40',
    message: "too many values for 'conv'",
  },
  {
    name: 'a value for an op without slots',
    source: `${IN}; stem { flatten 3 } }`,
    code: 'E0403',
    at: '1:39',
    message: "too many values for 'flatten' (it takes none)",
  },
  {
    name: 'conv without a kernel',
    source: `${IN}; stem { conv 8 } }`,
    code: 'E0403',
    at: '1:31',
    message: "'conv' needs kernel",
    hint: 'usage: conv FILTERS KxK',
  },
  {
    name: 'dropout without a rate',
    source: `${IN}; stem { dropout } }`,
    code: 'E0403',
    at: '1:31',
    message: "'dropout' needs rate",
    hint: 'usage: dropout RATE',
  },
  {
    name: 'act without an activation',
    source: `${IN}; stem { act } }`,
    code: 'E0403',
    at: '1:31',
    message: "'act' needs act",
  },
  {
    name: 'a size for an op without one',
    source: `${IN}; head { flatten; dense 10 3x3 } }`,
    code: 'E0403',
    at: '1:49',
    message: "'dense' takes no size",
    hint: 'usage: dense UNITS',
  },
  {
    name: 'a stride for an op without one',
    source: `${IN}; stem { flatten /2 } }`,
    code: 'E0403',
    at: '1:39',
    message: "'flatten' takes no stride",
  },
  {
    name: 'a plain value in defaults',
    source: `${IN}; defaults { conv: 64 } }`,
    code: 'E0403',
    at: '1:41',
    message: 'defaults take settings, not plain values',
    hint: 'filters=…',
  },
  // E0404: values of the wrong type or out of range.
  {
    name: 'fractional filters',
    source: `${IN}; stem { conv 8.5 3x3 } }`,
    code: 'E0404',
    at: '1:36',
    message: "'filters' of 'conv' expects an integer, found 8.5",
  },
  {
    name: 'fractional filters from true division',
    source: `block A { conv (in/2) 1x1 }\n${IN}; body { A } }`,
    code: 'E0404',
    at: '1:17',
    message: 'expects an integer, found 1.5',
  },
  {
    name: 'a word of the wrong kind',
    source: `${IN}; stem { conv 8 3x3 padding=relu } }`,
    code: 'E0404',
    at: '1:42',
    message: "'padding' of 'conv' expects same or valid, found 'relu'",
  },
  {
    name: 'a three-number kernel',
    source: `${IN}; stem { conv 8 3x3x3 } }`,
    code: 'E0404',
    at: '1:38',
    message: 'a kernel size has two numbers (e.g. 3x3), found 3x3x3',
  },
  {
    name: 'a bare parameter holding a boolean',
    source: `block A(f=true) { conv 8 3x3 f }\n${IN}; body { A } }`,
    code: 'E0404',
    at: '1:30',
    message: "parameter 'f' holds a boolean, which 'conv' takes by no word",
    hint: 'bias=f',
  },
  {
    name: 'a bare activation parameter for an op without one',
    source: `block A(a=relu) { maxpool 2x2 a }\n${IN}; body { A } }`,
    code: 'E0404',
    at: '1:31',
    message: "parameter 'a' holds an activation, which 'maxpool' takes by no word",
  },
  {
    name: 'bn set to a number',
    source: `${IN}; stem { conv 8 3x3 bn=3 } }`,
    code: 'E0404',
    at: '1:42',
    message: "'bn' is set with bn(…), nobn, bn=true or bn=false",
  },
  {
    name: 'too many filters',
    source: `${IN}; stem { conv 100000 1x1 } }`,
    code: 'E0404',
    at: '1:31',
    message: `filters must be from 1 to ${LIMITS.filters}, found 100000`,
  },
  {
    name: 'zero filters',
    source: `${IN}; stem { conv 0 1x1 } }`,
    code: 'E0404',
    at: '1:31',
    message: 'filters must be from 1',
  },
  {
    name: 'a huge kernel',
    source: `${IN}; stem { conv 8 2000x3 } }`,
    code: 'E0404',
    at: '1:31',
    message: 'kernel size must be from 1 to 1024, found 2000',
  },
  {
    name: 'a zero stride',
    source: `${IN}; stem { conv 8 3x3 /0 } }`,
    code: 'E0404',
    at: '1:31',
    message: 'stride must be from 1 to 1024, found 0',
  },
  {
    name: 'a stride with a dilation',
    source: `${IN}; stem { conv 8 3x3 /2 dilation=2 } }`,
    code: 'E0404',
    at: '1:31',
    message: 'a stride above 1 cannot be combined with a dilation above 1',
  },
  {
    name: 'a 3x3 conv stacked-factorized',
    source: `${IN}; stem { conv 8 3x3 factorize } }`,
    code: 'E0404',
    at: '1:31',
    message: '`factorize=stacked` needs an odd kernel of 5 or more, found 3x3',
    hint: 'factorize=asymmetric',
  },
  {
    name: 'an unknown factorization',
    source: `${IN}; stem { conv 8 5x5 factorize=diagonal } }`,
    code: 'E0302',
    at: '1:52',
    message: "unknown name 'diagonal'",
  },
  {
    name: 'a zero pool',
    source: `${IN}; stem { maxpool 0x2 } }`,
    code: 'E0404',
    at: '1:31',
    message: 'pool size must be from 1',
  },
  {
    name: 'a zero depth multiplier',
    source: `${IN}; stem { sepconv 8 3x3 depth_multiplier=0 } }`,
    code: 'E0404',
    at: '1:31',
    message: 'depth_multiplier must be from 1',
  },
  {
    name: 'zero dense units',
    source: `${IN}; head { flatten; dense 0 } }`,
    code: 'E0404',
    at: '1:40',
    message: 'units must be from 1 to 1000000',
  },
  {
    name: 'a dropout rate of 1.5',
    source: `${IN}; stem { dropout 1.5 } }`,
    code: 'E0404',
    at: '1:31',
    message: 'a dropout rate is from 0 (inclusive) to 1 (exclusive), found 1.5',
  },
  {
    name: 'a repeat over the limit',
    source: `${IN}; stem { conv 8 1x1 x 1001 } }`,
    code: 'E0404',
    at: '1:44',
    message: `a repeat count is an integer from 1 to ${LIMITS.repeat}, found 1001`,
  },
  {
    name: 'a block repeat over the limit',
    source: `block A { conv 8 1x1 }\n${IN}; body { A x 5000 } }`,
    code: 'E0404',
    at: '2:35',
    message: 'a repeat count is an integer from 1 to 1000, found 5000',
  },
  { name: 'a zero repeat', source: `${IN}; stem { conv 8 1x1 x 0 } }`, code: 'E0404', at: '1:44', message: 'found 0' },
  {
    name: 'a fractional repeat',
    source: `${IN}; stem { conv 8 1x1 x 2.5 } }`,
    code: 'E0404',
    at: '1:44',
    message: 'found 2.5',
  },
  {
    name: 'an input that is not HxWxC',
    source: 'model M { input 8x8 }',
    code: 'E0404',
    at: '1:11',
    message: 'the input is height x width x channels, found 8x8',
    hint: 'input 299x299x3',
  },
  {
    name: 'an input side of 0',
    source: 'model M { input 0x8x3 }',
    code: 'E0404',
    at: '1:11',
    message: `input sides must be from 1 to ${LIMITS.side}`,
  },
  {
    name: 'an input side over the limit',
    source: 'model M { input 20000x8x3 }',
    code: 'E0404',
    at: '1:11',
    message: 'input sides must be from 1 to 16384',
  },
  {
    name: 'zero classes',
    source: `${IN}; classes 0 }`,
    code: 'E0404',
    at: '1:24',
    message: 'classes must be an integer from 1 to 1000000, found 0',
  },
  {
    name: 'a size as a block argument',
    source: `block A(p) { conv p 1x1 }\n${IN}; body { A(3x3) } }`,
    code: 'E0404',
    at: '2:33',
    message: 'block parameters take numbers or words, not sizes',
  },
  {
    name: 'a word as the residual scale',
    source: `block A residual(scale=relu) { conv in 1x1 }\n${IN}; body { A } }`,
    code: 'E0404',
    at: '1:18',
    message: "'scale' expects a number",
  },
  {
    name: 'a number as the residual activation',
    source: `block A residual(act=3) { conv in 1x1 }\n${IN}; body { A } }`,
    code: 'E0404',
    at: '1:18',
    message: "'act' expects an activation",
  },
  // E0405, E0406.
  {
    name: 'an unknown residual key',
    source: `block A residual(scal=0.2) { conv in 1x1 }\n${IN}; body { A } }`,
    code: 'E0405',
    at: '1:18',
    message: 'residual takes scale= and act=',
    hint: "did you mean 'scale'?",
  },
  {
    name: 'a positional residual argument',
    source: `block A residual(0.2) { conv in 1x1 }\n${IN}; body { A } }`,
    code: 'E0405',
    at: '1:18',
    message: 'residual takes scale= and act=',
    hint: 'residual(scale=0.17, act=relu)',
  },
  {
    name: 'an unknown word in defaults',
    source: `${IN}; defaults { conv: banana } }`,
    code: 'E0406',
    at: '1:41',
    message: "unknown word 'banana' for 'conv'",
  },
  // The `train` section.
  {
    name: 'an unknown optimizer',
    source: `${IN}; train { optimizer rmsprp(lr=0.1) } }`,
    code: 'E0405',
    at: '1:42',
    message: "unknown optimizer 'rmsprp'",
    hint: "did you mean 'rmsprop'?",
  },
  {
    name: 'an unknown optimizer, nothing close',
    source: `${IN}; train { optimizer lion(lr=0.1) } }`,
    code: 'E0405',
    at: '1:42',
    message: "unknown optimizer 'lion'",
    hint: 'known: sgd, momentum, rmsprop, adam',
  },
  {
    name: 'an unknown schedule',
    source: `${IN}; train { schedule exponentail(rate=0.9) } }`,
    code: 'E0405',
    at: '1:41',
    message: "unknown schedule 'exponentail'",
    hint: "did you mean 'exponential'?",
  },
  {
    name: 'an option the optimizer lacks',
    source: `${IN}; train { optimizer sgd(lr=0.1, momentum=0.9) } }`,
    code: 'E0405',
    at: '1:54',
    message: "optimizer 'sgd' has no option 'momentum'",
    hint: 'momentum is its own optimizer: `momentum(lr=0.1, momentum=0.9)`',
  },
  {
    name: 'a positional optimizer option',
    source: `${IN}; train { optimizer sgd(0.1) } }`,
    code: 'E0404',
    at: '1:46',
    message: 'optimizer options are written key=value',
  },
  {
    name: 'two optimizers',
    source: `${IN}; train { optimizer sgd adam } }`,
    code: 'E0404',
    at: '1:32',
    message: "'optimizer' takes one optimizer such as rmsprop(lr=0.045)",
  },
  {
    name: 'a word as an option value',
    source: `${IN}; train { optimizer sgd(lr=fast) } }`,
    code: 'E0404',
    at: '1:49',
    message: "'lr' expects a finite number",
  },
  {
    name: 'an unknown unit',
    source: `${IN}; train { schedule step(rate=0.1, every=30 epoch) } }`,
    code: 'E0405',
    at: '1:65',
    message: "unknown unit 'epoch'",
    hint: "did you mean 'epochs'?",
  },
  {
    name: 'a unit on an option that takes none',
    source: `${IN}; train { schedule step(rate=0.1 epochs) } }`,
    code: 'E0404',
    at: '1:55',
    message: "'rate' takes no unit",
  },
  {
    name: 'an unknown training key',
    source: `${IN}; train { clipnrom 2 } }`,
    code: 'E0405',
    at: '1:32',
    message: "unknown training setting 'clipnrom'",
    hint: "did you mean 'clipnorm'?",
  },
  {
    name: 'a negative training value',
    source: `${IN}; train { clipnorm -2 } }`,
    code: 'E0404',
    at: '1:32',
    message: "'clipnorm' takes one finite, non-negative number",
  },
  {
    name: 'fractional epochs',
    source: `${IN}; train { epochs 2.5 } }`,
    code: 'E0404',
    at: '1:32',
    message: "'epochs' takes an integer",
  },
  {
    name: 'label smoothing of 1',
    source: `${IN}; train { label_smoothing 1 } }`,
    code: 'E0404',
    at: '1:32',
    message: 'label smoothing is below 1, found 1',
  },
  // E0501: parallel paths disagreeing on H×W.
  {
    name: 'branches disagreeing on height x width',
    source: `block R {\n  branch a { conv 8 3x3 /2 }\n  branch b { conv 8 3x3 same }\n  branch { maxpool 3x3 /2 }\n}\nmodel M { input 32x32x3; body { R as red } }`,
    code: 'E0501',
    at: '1:7',
    message:
      "the branches of 'red' disagree on height x width (branch a: 15x15x8, branch b: 32x32x8, branch b3: 15x15x3)",
    hint: 'same spatial size',
    related: ['branch a gives 15x15x8', 'branch b gives 32x32x8', 'branch b3 gives 15x15x3'],
  },
  {
    name: 'split groups disagreeing',
    source: 'model M { input 32x32x3; stem { split { conv 8 3x3 } { conv 8 3x3 same } } }',
    code: 'E0501',
    at: '1:33',
    message: "the groups of 'stem_split1' disagree on height x width (group 1: 30x30x8, group 2: 32x32x8)",
    related: ['group 1 gives 30x30x8', 'group 2 gives 32x32x8'],
  },
  // E0502: residual add.
  {
    name: 'a residual without projection',
    source:
      'block B residual(scale=0.2) {\n  branch { conv 8 1x1 }\n  branch { conv 8 3x3 same }\n}\nmodel M { input 32x32x5; body { B } }',
    code: 'E0502',
    at: '1:7',
    message: "residual add in 'b_1': the block input is 32x32x5 but the residual path gives 32x32x16",
    hint: "project the residual back to the block's 5 channels: `project conv in 1x1 bias linear nobn` (`in` = 5)",
    related: ["instance 'b_1' is created here"],
  },
  {
    name: 'a projection to the wrong width',
    source:
      'block B residual(scale=0.2) {\n  branch { conv 8 1x1 }\n  branch { conv 8 3x3 same }\n  project conv 5 1x1\n}\nmodel M { input 32x32x3; body { B as blk } }',
    code: 'E0502',
    at: '4:3',
    message: 'the block input is 32x32x3 but the residual path gives 32x32x5',
    hint: "back to the block's 3 channels",
  },
  {
    name: 'a residual that strides',
    source: 'block B residual(scale=0.2) { conv in 3x3 /2 same }\nmodel M { input 8x8x3; body { B } }',
    code: 'E0502',
    at: '1:7',
    message: 'the block input is 8x8x3 but the residual path gives 4x4x3',
    hint: 'keep the spatial size',
  },
  {
    name: 'a residual block on a vector',
    source:
      'block R residual(scale=0.2) { branch { dense 8 } }\nmodel M { input 8x8x3; stem { conv 8 3x3 same; globalavgpool }; body { R } }',
    code: 'E0502',
    at: '1:7',
    message: "residual add in 'r_1': the block input is a vector of 8, not height x width x channels",
    hint: 'put it before `flatten` / `globalavgpool`',
  },
  // E0503: the spatial size collapses (the hint is completed by compile).
  {
    name: 'spatial collapse',
    source: `${IN}; stem { conv 8 3x3 /2; conv 8 3x3; conv 8 3x3 } }`,
    code: 'E0503',
    at: '1:58',
    message: "the spatial size collapses at 'stem_conv3': 1x1 in, -1x-1 out",
    hint: 'the smallest input that works is 11x11x3 (--input 11x11x3)',
  },
  {
    name: 'collapse in a pool',
    source: 'model M { input 4x4x3; stem { maxpool 5x5 } }',
    code: 'E0503',
    at: '1:31',
    message: "collapses at 'stem_maxpool1': 4x4 in, 0x0 out",
    hint: '5x5x3',
  },
  // E0504: rank.
  {
    name: 'a conv after flatten',
    source: `${IN}; stem { flatten; conv 8 3x3 } }`,
    code: 'E0504',
    at: '1:40',
    message: "'conv' needs a height x width x channels input, but 'stem_flatten1' gives 192",
    hint: 'before `flatten`',
  },
  {
    name: 'a pool after global pooling',
    source: `${IN}; stem { globalavgpool; maxpool 2x2 } }`,
    code: 'E0504',
    at: '1:46',
    message: "'maxpool' needs a height x width x channels input",
  },
  {
    name: 'dense on a spatial input',
    source: `${IN}; stem { dense 10 } }`,
    code: 'E0504',
    at: '1:31',
    message: "'dense' needs a flat input, but 'input' gives 8x8x3",
    hint: 'add `flatten` or `globalavgpool`',
  },
  // E0505: size limits.
  {
    name: 'too many layers',
    source: `block A { conv 8 1x1 x 1000 }\n${IN}; body { A x 101 } }`,
    code: 'E0505',
    at: '1:11',
    message: `the model has more than ${LIMITS.layers} layers`,
    hint: 'repeat counts',
  },
  {
    name: 'a tensor too large',
    source: 'model M { input 16384x16384x3; stem { conv 65536 1x1; flatten } }',
    code: 'E0505',
    at: '1:55',
    message: "'stem_flatten1' is too large",
  },
  // Warnings.
  {
    name: 'a residual scale outside 0.1–0.3',
    source: `block A residual(scale=0.5) { conv in 1x1 }\n${IN}; body { A x 3 } }`,
    code: 'W0501',
    at: '1:18',
    message: 'residual scale 0.5 is outside 0.1–0.3',
    hint: 'Inception-v4',
  },
  {
    name: 'an aux head too large for the input',
    source: `${IN}; stem { conv 8 3x3 as t }; aux a at t { conv 8 7x7 } }`,
    code: 'W0502',
    at: '1:54',
    message: "aux head 'a' is left out: the spatial size collapses at 'a_conv1': 6x6 in, 0x0 out",
    hint: 'the smallest input is 9x9x3',
  },
];

describe('lower: one row per diagnostic', () => {
  for (const row of CASES) {
    it(`${row.code} ${row.name}`, () => {
      const r = compileText(row.source);
      const d = expectDiagnostic(r.diagnostics, row);
      expect(d.severity).to.equal(row.code.startsWith('W') ? 'warning' : 'error');
      expect(r.ok).to.equal(row.code.startsWith('W'));
    });
  }

  it('names every disagreeing branch with its shape and points a note at each', () => {
    const r = compileText(
      'block R {\n  branch a { conv 8 3x3 /2 }\n  branch { conv 8 3x3 same }\n}\nmodel M { input 32x32x3; body { R } }',
    );
    const d = withCode(r.diagnostics, 'E0501')[0]!;
    expect(d.related!.map((n) => `${at(n.span)} ${n.message}`)).to.deep.equal([
      '2:3 branch a gives 15x15x8',
      '3:3 branch b2 gives 32x32x8',
    ]);
  });

  it('reports a lowering error once, after the warnings before it', () => {
    const r = compileText(`block A residual(scale=0.5) { conv in 1x1 }\n${IN}; body { A; conv 8 3x3 /2000 } }`);
    expect(r.diagnostics.map((d) => d.code)).to.deep.equal(['W0501', 'E0404']);
  });

  it('warns about the residual scale once per block, not per instance, and never for 1.0 or 0.1–0.3', () => {
    expect(
      withCode(
        compileText(`block A residual(scale=0.5) { conv in 1x1 }\n${IN}; body { A x 3 } }`).diagnostics,
        'W0501',
      ),
    ).to.have.length(1);
    for (const scale of ['1.0', '1', '0.1', '0.17', '0.3']) {
      expect(
        compileText(`block A residual(scale=${scale}) { conv in 1x1 }\n${IN}; body { A } }`).diagnostics,
        scale,
      ).to.deep.equal([]);
    }
  });
});

describe('lower: shapes', () => {
  it('computes tfjs-layers convOutputLength exactly', () => {
    const cases: Array<[number, number, 'same' | 'valid', number, number, number]> = [
      [299, 3, 'valid', 2, 1, 149],
      [149, 3, 'valid', 1, 1, 147],
      [147, 3, 'same', 1, 1, 147],
      [147, 3, 'valid', 2, 1, 73],
      [35, 3, 'same', 2, 1, 18],
      [35, 3, 'valid', 2, 1, 17],
      [17, 1, 'same', 1, 1, 17],
      [8, 5, 'valid', 3, 1, 2],
      [9, 3, 'valid', 1, 2, 5],
      [9, 3, 'same', 1, 2, 9],
      [3, 5, 'valid', 1, 1, -1],
      [1, 1, 'valid', 1, 1, 1],
    ];
    for (const [n, k, padding, s, d, out] of cases)
      expect(convOutputLength(n, k, padding, s, d), `${n} ${k} ${padding} /${s} d${d}`).to.equal(out);
  });

  it('infers every layer shape of a mixed network', () => {
    const ir = lowerOk(
      'model M {\n  input 35x35x8\n  stem {\n    conv 16 3x3 /2 same\n    conv 16 1x7 valid\n    maxpool 3x3\n    avgpool 2x2 /1 same\n    sepconv 12 3x3 dilation=2 same\n    conv 12 3x3 dilation=2\n    split { conv 4 1x1 } { maxpool 1x1 }\n    globalavgpool\n    dense 7\n  }\n}',
      { input: [35, 41, 8] },
    );
    expect(ir.layers.map((l) => `${l.name}:${l.shape.slice(1).join('x')}`)).to.deep.equal([
      'input:35x41x8',
      'stem_conv1:18x21x16', // same, stride 2: ceil(n / 2)
      'stem_conv2:18x15x16', // valid 1x7: n − 7 + 1 across
      'stem_maxpool1:6x5x16', // stride defaults to the pool size
      'stem_avgpool1:6x5x16',
      'stem_sepconv1:6x5x12',
      'stem_conv3:2x1x12', // dilation 2: an effective 5x5 window
      'stem_split1_1_conv1:2x1x4',
      'stem_split1_2_maxpool1:2x1x12',
      'stem_split1:2x1x16',
      'stem_globalavgpool1:16',
      'stem_dense1:7',
    ]);
    expect(ir.layers.every((l) => l.shape[0] === null)).to.equal(true);
  });

  it('lowers the Inception-v3 fixture with Keras’s parameter count and output shapes', () => {
    const ir = lowerOk(readFileSync(fixture('inception_v3.incep'), 'utf8'));
    expect(ir.totals.inference.params.total).to.equal(23_851_784);
    expect(ir.totals.inference.params.trainable).to.equal(23_817_352);
    expect(ir.layers).to.have.length(322);
    expect(layer(ir, 'mixed7').shape).to.deep.equal([null, 17, 17, 768]);
    expect(layer(ir, 'mixed10').shape).to.deep.equal([null, 8, 8, 2048]);
    expect(layer(ir, 'predictions').shape).to.deep.equal([null, 1000]);
    expect(ir.outputs.main).to.equal('predictions');
    expect(ir.outputs.features).to.equal('mixed10');
    expect(ir.outputs.aux.map((a) => [a.name, a.at, a.output, a.weight])).to.deep.equal([
      ['logits', 'mixed7', 'logits_dense1', 0.4],
    ]);
    expect(ir.totals.withAux.params.total).to.be.greaterThan(ir.totals.inference.params.total);
  });

  it('counts parameters and MACs of conv, BN and dense layers', () => {
    const ir = lowerOk(
      'model M { input 10x10x3; stem { conv 4 3x3 bn(scale=false) relu; sepconv 6 3x3 depth_multiplier=2 nobias } head { flatten; dense 5 } }',
    );
    expect(layer(ir, 'stem_conv1').params).to.deep.equal({ trainable: 3 * 3 * 3 * 4 + 4, nonTrainable: 0 });
    expect(layer(ir, 'stem_conv1').macs).to.equal(8 * 8 * 3 * 3 * 3 * 4);
    expect(layer(ir, 'stem_conv1_bn').params).to.deep.equal({ trainable: 4, nonTrainable: 8 });
    expect(layer(ir, 'stem_sepconv1').params).to.deep.equal({ trainable: 3 * 3 * 4 * 2 + 4 * 2 * 6, nonTrainable: 0 });
    expect(layer(ir, 'head_dense1').params).to.deep.equal({ trainable: 6 * 6 * 6 * 5 + 5, nonTrainable: 0 });
  });
});

describe('lower: settings in the IR', () => {
  it('layers built-ins, then defaults, then the op’s own arguments', () => {
    const ir = lowerOk(
      `${IN}; defaults { conv: relu same nobias } stem { conv 8 3x3; conv 8 3x3 valid bias linear; sepconv 8 3x3 } }`,
    );
    expect(layer(ir, 'stem_conv1').attrs).to.deep.include({
      padding: 'same',
      activation: 'relu',
      useBias: false,
      strides: [1, 1],
      dilation: [1, 1],
    });
    expect(layer(ir, 'stem_conv2').attrs).to.deep.include({ padding: 'valid', activation: 'linear', useBias: true });
    // `conv:` defaults do not reach `sepconv`.
    expect(layer(ir, 'stem_sepconv1').attrs).to.deep.include({ padding: 'valid', activation: 'linear', useBias: true });
  });

  it('builds a later defaults line on an earlier one for the same op', () => {
    const ir = lowerOk(`${IN}; defaults { conv: relu; conv: same; conv: 3x3 /2 } stem { conv 8 } }`);
    expect(layer(ir, 'stem_conv1').attrs).to.deep.include({
      padding: 'same',
      activation: 'relu',
      kernel: [3, 3],
      strides: [2, 2],
    });
  });

  it('applies `batchnorm:` first, to standalone BN and to every attachment', () => {
    const ir = lowerOk(
      `${IN}; defaults { conv: bn(scale=false) relu; batchnorm: epsilon=0.01 momentum=0.9 } stem { conv 8 1x1; batchnorm; conv 8 1x1 bn(center=false); conv 8 1x1 nobn; conv 8 1x1 bn=false; conv 8 1x1 bn=true; conv 8 1x1 bn } }`,
    );
    expect(layer(ir, 'stem_conv1_bn').attrs).to.deep.equal({
      epsilon: 0.01,
      momentum: 0.9,
      center: true,
      scale: false,
    });
    expect(layer(ir, 'stem_batchnorm1').attrs).to.deep.equal({
      epsilon: 0.01,
      momentum: 0.9,
      center: true,
      scale: true,
    });
    expect(layer(ir, 'stem_conv2_bn').attrs).to.deep.equal({
      epsilon: 0.01,
      momentum: 0.9,
      center: false,
      scale: false,
    });
    expect(names(ir).filter((n) => n.startsWith('stem_conv3') || n.startsWith('stem_conv4'))).to.deep.equal([
      'stem_conv3',
      'stem_conv4',
    ]);
    expect(layer(ir, 'stem_conv3').attrs).to.deep.include({ activation: 'relu' });
    expect(layer(ir, 'stem_conv5_bn').attrs).to.deep.equal({
      epsilon: 0.01,
      momentum: 0.9,
      center: true,
      scale: false,
    });
    expect(layer(ir, 'stem_conv6_bn').attrs).to.deep.equal({
      epsilon: 0.01,
      momentum: 0.9,
      center: true,
      scale: false,
    });
  });

  it('splits a conv with BN into conv (linear), _bn and _ac, and fuses the activation without BN', () => {
    const ir = lowerOk(`${IN}; stem { conv 8 1x1 bn relu; conv 8 1x1 bn linear; conv 8 1x1 relu } }`);
    expect(names(ir)).to.deep.equal([
      'stem_conv1',
      'stem_conv1_bn',
      'stem_conv1_ac',
      'stem_conv2',
      'stem_conv2_bn',
      'stem_conv3',
    ]);
    expect(layer(ir, 'stem_conv1').attrs).to.deep.include({ activation: 'linear' });
    expect(layer(ir, 'stem_conv1_ac').attrs).to.deep.equal({ activation: 'relu' });
    expect(layer(ir, 'stem_conv3').attrs).to.deep.include({ activation: 'relu' });
  });

  it('defaults a pool’s stride to its size and takes integers as square sizes', () => {
    const ir = lowerOk('model M { input 9x9x3; stem { maxpool 3; avgpool 2x2 /1 same; conv 4 kernel=3 stride=2 } }');
    expect(layer(ir, 'stem_maxpool1').attrs).to.deep.equal({ pool: [3, 3], strides: [3, 3], padding: 'valid' });
    expect(layer(ir, 'stem_avgpool1').attrs).to.deep.equal({ pool: [2, 2], strides: [1, 1], padding: 'same' });
    expect(layer(ir, 'stem_conv1').attrs).to.deep.include({ kernel: [3, 3], strides: [2, 2] });
  });

  it('passes words and numbers through block parameters', () => {
    const ir = lowerOk(
      'block A(c, a=relu, p=same, b=false) { conv c 3x3 act=a padding=p bias=b }\nmodel M { input 8x8x3; body { A(4); A(5, linear, valid, true) } }',
    );
    expect(layer(ir, 'a_1_conv1').attrs).to.deep.include({
      filters: 4,
      activation: 'relu',
      padding: 'same',
      useBias: false,
    });
    expect(layer(ir, 'a_2_conv1').attrs).to.deep.include({
      filters: 5,
      activation: 'linear',
      padding: 'valid',
      useBias: true,
    });
  });

  it('reads `in` as the width entering the block inside blocks and the op outside', () => {
    const ir = lowerOk(
      'block A { conv 16 1x1; conv in 1x1; split { conv in 1x1 } { conv (in*2) 1x1 } }\nblock B(c) { conv c 1x1 }\nmodel M { input 8x8x3; body { A; conv 7 1x1; conv in 1x1; B(in) } }',
    );
    expect(layer(ir, 'a_1_conv2').shape[3]).to.equal(3);
    expect(layer(ir, 'a_1_split1').shape[3]).to.equal(3 + 6);
    expect(layer(ir, 'body_conv2').shape[3]).to.equal(7);
    expect(layer(ir, 'b_1_conv1').shape[3]).to.equal(7);
  });

  it('evaluates parameter defaults after the given arguments, with `in` and `classes`', () => {
    const ir = lowerOk(
      'block A(a, b=a*2, c=in+classes) { conv b 1x1; conv c 1x1 }\nmodel M { input 8x8x3; classes 5; body { A(3) } }',
    );
    expect(layer(ir, 'a_1_conv1').shape[3]).to.equal(6);
    expect(layer(ir, 'a_1_conv2').shape[3]).to.equal(8);
  });

  it('evaluates repeat counts as expressions', () => {
    expect(names(lowerOk(`${IN}; stem { conv 8 1x1 x (2*2) } }`))).to.have.length(4);
  });

  it('applies the classes and input overrides', () => {
    const ir = lowerOk(`${IN}; classes 3; head { globalavgpool; dense classes } }`, {
      classes: 42,
      input: [16, 16, 1],
    });
    expect(ir.classes).to.equal(42);
    expect(ir.input).to.deep.equal([16, 16, 1]);
    expect(layer(ir, 'head_dense1').shape).to.deep.equal([null, 42]);
    expect(lowerOk('model M { head { globalavgpool } }', { input: [4, 4, 2] }).input).to.deep.equal([4, 4, 2]);
  });
});

describe('lower: naming', () => {
  it('names ops per prefix and kind, with `as` names and repeats', () => {
    const ir = lowerOk(
      `${IN}; stem { conv 8 1x1; maxpool 1x1; conv 8 1x1 as named; conv 8 1x1 x 2; conv 8 1x1 x 2 as rep; conv 8 1x1 x 2 as c1 } }`,
    );
    // Repeated named ops count up as repeated instances do: `c1` x 2 → c1, c2.
    expect(names(ir)).to.deep.equal([
      'stem_conv1',
      'stem_maxpool1',
      'named',
      'stem_conv2',
      'stem_conv3',
      'rep_1',
      'rep_2',
      'c1',
      'c2',
    ]);
  });

  it('names repeated instances: digits count up, a letter after a digit counts on, else _1, _2; no alias → snake_case_N', () => {
    const ir = lowerOk(
      `block InceptionA { conv 4 1x1 }\n${IN}; body { InceptionA x 2; InceptionA x 2 as mixed5; InceptionA x 3 as mixed_6b; InceptionA x 2 as b; InceptionA; InceptionA as one } }`,
    );
    const instances = [...new Set(ir.layers.slice(1).map((l) => l.scope.instance))];
    expect(instances).to.deep.equal([
      'inception_a_1',
      'inception_a_2',
      'mixed5',
      'mixed6',
      'mixed_6b',
      'mixed_6c',
      'mixed_6d',
      'b_1',
      'b_2',
      'inception_a_3',
      'one',
    ]);
  });

  it('names branches by label or position and the concatenation after the instance', () => {
    const ir = lowerOk(
      `block A { branch b1x1 { conv 4 1x1 } branch { conv 4 1x1; conv 4 1x1 } }\n${IN}; body { A as mixed0 } }`,
    );
    expect(names(ir)).to.deep.equal(['mixed0_b1x1_conv1', 'mixed0_b2_conv1', 'mixed0_b2_conv2', 'mixed0']);
    expect(layer(ir, 'mixed0').op).to.equal('concat');
    expect(layer(ir, 'mixed0').inputs).to.deep.equal(['mixed0_b1x1_conv1', 'mixed0_b2_conv2']);
  });

  it('names splits and their groups, with and without `as`', () => {
    const ir = lowerOk(
      `block E { branch { conv 4 1x1; split { conv 2 1x3 same } { conv 2 3x1 same } } branch { split { conv 2 1x1 } { conv 2 1x1 } as s9 } }\n${IN}; body { E as e } }`,
    );
    expect(names(ir)).to.deep.equal([
      'e_b1_conv1',
      'e_b1_split1_1_conv1',
      'e_b1_split1_2_conv1',
      'e_b1_split1',
      // An `as` name inside a block is relative to the instance (and branch).
      'e_b2_s9_1_conv1',
      'e_b2_s9_2_conv1',
      'e_b2_s9',
      'e',
    ]);
  });

  it('prefixes nested instances with the outer one', () => {
    const ir = lowerOk(
      `block Inner { conv 4 1x1 }\nblock Outer { Inner; Inner as deep }\n${IN}; body { Outer; Outer as o } }`,
    );
    expect(names(ir)).to.deep.equal(['outer_1_inner_1_conv1', 'outer_1_deep_conv1', 'o_inner_2_conv1', 'o_deep_conv1']);
  });

  it('names residual layers as Keras Inception-ResNet does', () => {
    const ir = lowerOk(
      `block Block35 residual(scale=0.17) { branch { conv 4 1x1 } branch { conv 4 1x1 } project conv in 1x1 bias linear nobn }\nblock Up residual(scale=1, act=linear) { conv 4 1x1; project conv in 1x1 }\n${IN}; body { Block35 x 2 as block35_1; Up as up } }`,
    );
    expect(names(ir)).to.deep.equal([
      'block35_1_b1_conv1',
      'block35_1_b2_conv1',
      'block35_1_mixed',
      'block35_1_conv',
      'block35_1',
      'block35_1_ac',
      'block35_2_b1_conv1',
      'block35_2_b2_conv1',
      'block35_2_mixed',
      'block35_2_conv',
      'block35_2',
      'block35_2_ac',
      'up_conv1',
      'up_conv',
      'up',
    ]);
    expect(layer(ir, 'block35_1').op).to.equal('scaledadd');
    expect(layer(ir, 'block35_1').attrs).to.deep.equal({ scale: 0.17 });
    expect(layer(ir, 'block35_1').inputs).to.deep.equal(['input', 'block35_1_conv']);
    expect(layer(ir, 'block35_1_ac').attrs).to.deep.equal({ activation: 'relu' });
    expect(layer(ir, 'block35_1_conv').shape).to.deep.equal([null, 8, 8, 3]);
  });

  it('takes the residual scale and activation from block parameters', () => {
    const ir = lowerOk(
      `block B(scale=0.2, act=relu) residual(scale=scale, act=act) { conv in 1x1 }\n${IN}; body { B as b1; B(scale=1.0, act=linear) as b2; B(act=tanh) as b3 } }`,
    );
    expect(layer(ir, 'b1').attrs).to.deep.equal({ scale: 0.2 });
    expect(layer(ir, 'b2').attrs).to.deep.equal({ scale: 1 });
    expect(names(ir)).to.not.include('b2_ac');
    expect(layer(ir, 'b3_ac').attrs).to.deep.equal({ activation: 'tanh' });
  });

  it('prefixes aux layers with the head’s name and taps an instance’s output or a layer', () => {
    const ir = lowerOk(
      `block A { conv 8 1x1 relu bn }\n${IN}; body { A as mixed0; conv 8 1x1 as c }; aux first at mixed0 weight 0.3 { globalavgpool; dense classes }; aux second at c { flatten } }`,
    );
    expect(ir.outputs.aux.map((a) => [a.name, a.at, a.output, a.weight])).to.deep.equal([
      ['first', 'mixed0_conv1_ac', 'first_dense1', 0.3],
      ['second', 'c', 'second_flatten1', 1],
    ]);
    expect(layer(ir, 'first_globalavgpool1').scope).to.deep.equal({ section: 'aux', aux: 'first' });
    expect(ir.totals.withAux.params.total - ir.totals.inference.params.total).to.equal(8 * 1000 + 1000);
  });

  it('marks each layer with its section, instance and block', () => {
    const ir = lowerOk(
      `block A { conv 8 1x1 }\n${IN}; stem { conv 8 1x1 }; body { A as a0 }; head { globalavgpool } }`,
    );
    expect(ir.layers.map((l) => l.scope)).to.deep.equal([
      { section: 'input' },
      { section: 'stem' },
      { section: 'body', instance: 'a0', block: 'A' },
      { section: 'head' },
    ]);
    expect(ir.outputs.features).to.equal('a0_conv1');
    expect(ir.outputs.main).to.equal('head_globalavgpool1');
  });
});

describe('lower: fixed issues', () => {
  it('lets a bare parameter fill what its word fills, one graph per kind', () => {
    const ir = lowerOk(`block A(a=relu) { conv 8 3x3 same a }\n${IN}; body { A; A(linear); A(valid) } }`);
    const convs = ir.layers.flatMap((l) => (l.op === 'conv2d' ? [[l.attrs.activation, l.attrs.padding]] : []));
    expect(convs).to.deep.equal([
      ['relu', 'same'],
      ['linear', 'same'],
      ['linear', 'valid'],
    ]);
  });

  it('takes a repeat count from a parameter, and numbers what follows after it', () => {
    const ir = lowerOk(`block A(n) { conv 8 1x1 x n; conv 4 1x1 }\n${IN}; classes 2; body { A(3); A(n=1) } }`);
    expect(names(ir)).to.deep.equal(['a_1_conv1', 'a_1_conv2', 'a_1_conv3', 'a_1_conv4', 'a_2_conv1', 'a_2_conv2']);
    const r = compileText(`block A(n) { conv 8 1x1 x n }\n${IN}; body { A(0) } }`);
    expect(r.diagnostics.map((d) => [d.code, d.message])).to.deep.equal([
      ['E0404', 'a repeat count is an integer from 1 to 1000, found 0'],
    ]);
  });

  it('lets a defaults line use `classes`', () => {
    const ir = lowerOk(`${IN}; classes 7; defaults { dense: units=classes } head { flatten; dense } }`);
    expect(layer(ir, 'head_dense1').shape).to.deep.equal([null, 7]);
  });

  it('reports a training key given twice', () => {
    const r = compileText(`${IN}; train { epochs 2; epochs 3 } }`);
    expect(r.diagnostics.map((d) => d.code)).to.deep.equal(['E0303']);
  });

  it('reads staircase=true on a schedule', () => {
    const ir = lowerOk(`${IN}; train { schedule exponential(rate=0.9, every=2 epochs, staircase=true) } }`);
    expect(ir.train?.schedule?.staircase).to.equal(true);
  });

  it('defaults the residual activation to relu unless the house style names one', () => {
    const ir = lowerOk(`block A residual(scale=0.2) { conv in 1x1 }\n${IN}; defaults { conv: same }; body { A } }`);
    expect(layer(ir, 'a_1_ac').attrs).to.deep.equal({ activation: 'relu' });
    const elu = lowerOk(
      `block A residual(scale=0.2) { conv in 1x1 }\n${IN}; defaults { conv: same elu }; body { A } }`,
    );
    expect(layer(elu, 'a_1_ac').attrs).to.deep.equal({ activation: 'elu' });
  });
});
