import { expect } from 'chai';
import { compile, compileFile } from '../../src/compile.js';
import { ACTIVATIONS, IR_VERSION, type IRModel, type Op } from '../../src/ir/ir.js';
import type { IRJson } from '../../src/ir/IRJson.js';
import { toIrJson } from '../../src/ir/toIrJson.js';
import schema from '../../src/ir/ir.schema.json' with { type: 'json' };
import { validateIr } from '../../src/ir/validateIr.js';

/**
 * One spec that lowers to every IR op: conv (+ attached bn/act), sepconv, both pools, both global
 * pools, lrn, standalone batchnorm and act, dropout, flatten, dense, a residual block (scaledadd),
 * a block with branches and a split (concat), a gate (multiply), an aux head and a train section.
 */
const EVERYTHING = `
model Everything {
  input 33x31x3
  classes 7
  block Res residual(scale=0.2) {
    conv 16 3x3 same relu
    lrn
    conv 16 1x1 same
  }
  block Gate { avgpool 3x3 /1 same; conv in 1x1 sigmoid; multiply }
  block Mixed {
    branch a { conv 8 1x1 bn relu }
    branch b { sepconv 8 3x3 same }
    branch c { avgpool 3x3 /1 same }
  }
  stem {
    conv 16 3x3 /2 same
    batchnorm
    act relu
    maxpool 2x2
  }
  body {
    Res
    Mixed
    Gate
  }
  aux side at res_1 weight 0.3 {
    flatten
    dense classes softmax
  }
  head {
    split { globalavgpool } { globalmaxpool }
    dropout 0.5
    dense classes softmax
  }
  train {
    optimizer adam(lr=0.001)
    schedule cosine(epochs=10)
    epochs 10
    batch 32
  }
}
`;

/**
 * The attrs definition each op uses in the schema. Typed `Record<Op, …>`, so adding an op to
 * `OpAttrs` in ir.ts fails type-checking here until the schema (and this table) follow.
 */
const ATTRS_DEFINITION: Record<Op, string> = {
  input: 'inputAttrs',
  conv2d: 'conv2dAttrs',
  sepconv2d: 'sepconv2dAttrs',
  batchnorm: 'batchnormAttrs',
  activation: 'activationAttrs',
  maxpool: 'maxpoolAttrs',
  avgpool: 'avgpoolAttrs',
  globalavgpool: 'globalavgpoolAttrs',
  globalmaxpool: 'globalmaxpoolAttrs',
  lrn: 'lrnAttrs',
  dropout: 'dropoutAttrs',
  flatten: 'flattenAttrs',
  dense: 'denseAttrs',
  concat: 'concatAttrs',
  scaledadd: 'scaledaddAttrs',
  multiply: 'multiplyAttrs',
};

interface SchemaObject {
  properties?: Record<string, SchemaObject & { enum?: unknown[]; const?: unknown; $ref?: string }>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  allOf?: Array<{ if: SchemaObject; then: SchemaObject }>;
}
const definitions = (schema as unknown as { definitions: Record<string, SchemaObject> }).definitions;
const layerSchema = definitions['layer']!;

/** JSON is the IR's contract, so every test validates what `--emit ir` writes, read back. */
function asJson(ir: IRModel): IRJson {
  return JSON.parse(JSON.stringify(toIrJson(ir))) as IRJson;
}

function lowered(source: string): IRJson {
  const r = compile(source, { filename: 'everything.incep' });
  expect(
    r.diagnostics.map((d) => d.message),
    'the fixture spec compiles cleanly',
  ).to.deep.equal([]);
  return asJson(r.ir!);
}

// Plain JSON views for mutation: the point is to write what the IR types forbid.
type Json = null | boolean | number | string | Json[] | JsonObject;
interface JsonObject {
  [key: string]: Json;
}

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A fresh, freely mutable JSON copy of an IR. */
function mutableJson(ir: IRJson): JsonObject {
  return JSON.parse(JSON.stringify(ir)) as JsonObject;
}

/** The value at `path` below `root` (object keys and array indices); throws if there is none. */
function at(root: Json, ...path: Array<string | number>): Json {
  let value = root;
  for (const [i, step] of path.entries()) {
    let next: Json | undefined;
    if (typeof step === 'number') next = Array.isArray(value) ? value[step] : undefined;
    else next = isObject(value) ? value[step] : undefined;
    if (next === undefined) throw new Error(`fixture has nothing at ${path.slice(0, i + 1).join('.')}`);
    value = next;
  }
  return value;
}

/** The object at `path` below `root`; throws if it is missing or not an object. */
function objAt(root: Json, ...path: Array<string | number>): JsonObject {
  const value = at(root, ...path);
  if (!isObject(value)) throw new Error(`fixture has no object at ${path.join('.')}`);
  return value;
}

/** The array at `path` below `root`; throws if it is missing or not an array. */
function arrAt(root: Json, ...path: Array<string | number>): Json[] {
  const value = at(root, ...path);
  if (!Array.isArray(value)) throw new Error(`fixture has no array at ${path.join('.')}`);
  return value;
}

/** The number at `path` below `root`; throws if it is missing or not a number. */
function numAt(root: Json, ...path: Array<string | number>): number {
  const value = at(root, ...path);
  if (typeof value !== 'number') throw new Error(`fixture has no number at ${path.join('.')}`);
  return value;
}

function layerOf(ir: JsonObject, op: string, nth = 0): JsonObject {
  const found = arrAt(ir, 'layers')
    .filter(isObject)
    .filter((l) => l['op'] === op)[nth];
  if (!found) throw new Error(`fixture has no ${op} layer #${nth}`);
  return found;
}

describe('ir/validateIr', () => {
  let everything: IRJson;
  let v3: IRJson;

  before(() => {
    everything = lowered(EVERYTHING);
    const r = compileFile('specs/inception_v3.incep');
    expect(r.ok, 'inception_v3.incep compiles').to.equal(true);
    v3 = asJson(r.ir!);
  });

  describe('accepts real lowerings', () => {
    it('accepts the Inception v3 IR (with aux head and train section) as exactly { ok: true }', () => {
      expect(v3.train, 'the v3 IR carries a train section').to.not.equal(undefined);
      expect(v3.outputs.aux).to.have.length(1);
      expect(validateIr(v3)).to.deep.equal({ ok: true });
    });

    it('accepts the every-op IR', () => {
      expect(validateIr(everything)).to.deep.equal({ ok: true });
    });

    it('accepts an IR without the optional train section', () => {
      const ir = JSON.parse(JSON.stringify(everything)) as IRJson;
      delete ir.train;
      expect(validateIr(ir)).to.deep.equal({ ok: true });
    });

    it('accepts toIrJson of a live IR as well as the same read back from its text', () => {
      const r = compile(EVERYTHING);
      expect(validateIr(toIrJson(r.ir!))).to.deep.equal({ ok: true });
    });
  });

  describe('rejects broken IRs with a pointer to the problem', () => {
    const notObjects: Array<[string, unknown]> = [
      ['null', null],
      ['a number', 42],
      ['an array', []],
      ['a string', 'InceptionV3'],
    ];
    for (const [label, value] of notObjects) {
      it(`rejects ${label}`, () => {
        expect(validateIr(value)).to.deep.equal({ ok: false, errors: ['(root): must be object'] });
      });
    }

    // [what, mutation of a copy of the every-op IR, an error line that must be reported]
    const rows: Array<[string, (ir: JsonObject) => void, RegExp]> = [
      // Top level.
      [
        'an extra top-level property',
        (ir) => {
          ir['version'] = 2;
        },
        /^\(root\): unexpected property 'version'$/,
      ],
      [
        'a missing top-level field',
        (ir) => {
          delete ir['totals'];
        },
        /^\(root\): missing property 'totals'$/,
      ],
      [
        'another irVersion',
        (ir) => {
          ir['irVersion'] = 1;
        },
        /^\/irVersion: must be 2$/,
      ],
      [
        'a two-number input',
        (ir) => {
          ir['input'] = [33, 31];
        },
        /^\/input: must NOT have fewer than 3 items$/,
      ],
      [
        'zero classes',
        (ir) => {
          ir['classes'] = 0;
        },
        /^\/classes: must be >= 1$/,
      ],
      [
        'an empty layer list',
        (ir) => {
          ir['layers'] = [];
        },
        /^\/layers: must NOT have fewer than 1 items$/,
      ],
      // Ops and attrs.
      [
        'an unknown op',
        (ir) => {
          layerOf(ir, 'conv2d')['op'] = 'conv3d';
        },
        /^\/layers\/1\/op \(layer 'stem_conv1'\): must be one of "input", "conv2d", /,
      ],
      [
        'a missing attrs key',
        (ir) => {
          delete objAt(layerOf(ir, 'conv2d'), 'attrs')['filters'];
        },
        /^\/layers\/1\/attrs \(layer 'stem_conv1'\): missing property 'filters'$/,
      ],
      [
        "another op's attrs",
        (ir) => {
          layerOf(ir, 'conv2d')['attrs'] = { pool: [2, 2], strides: [2, 2], padding: 'valid' };
        },
        /\/layers\/1\/attrs .*unexpected property 'pool'$/,
      ],
      [
        'an extra attrs key',
        (ir) => {
          objAt(layerOf(ir, 'dense'), 'attrs')['groups'] = 2;
        },
        /\/attrs \(layer 'head_dense1'\): unexpected property 'groups'$/,
      ],
      [
        'attrs on an attr-less op',
        (ir) => {
          layerOf(ir, 'flatten')['attrs'] = { axis: 1 };
        },
        /\/attrs \(layer 'side_flatten1'\): unexpected property 'axis'$/,
      ],
      [
        'a missing attrs object',
        (ir) => {
          delete layerOf(ir, 'lrn')['attrs'];
        },
        /\(layer 'res_1_lrn1'\): missing property 'attrs'$/,
      ],
      [
        'a three-number kernel',
        (ir) => {
          objAt(layerOf(ir, 'conv2d'), 'attrs')['kernel'] = [3, 3, 3];
        },
        /\/attrs\/kernel .*must NOT have more than 2 items$/,
      ],
      [
        'a zero stride',
        (ir) => {
          objAt(layerOf(ir, 'maxpool'), 'attrs')['strides'] = [0, 2];
        },
        /\/attrs\/strides\/0 .*must be >= 1$/,
      ],
      [
        'an upper-case padding',
        (ir) => {
          objAt(layerOf(ir, 'sepconv2d'), 'attrs')['padding'] = 'SAME';
        },
        /\/attrs\/padding .*must be one of "same", "valid"$/,
      ],
      [
        'an unknown activation',
        (ir) => {
          objAt(layerOf(ir, 'activation'), 'attrs')['activation'] = 'leaky_relu';
        },
        /\/attrs\/activation .*must be one of "linear", "relu", /,
      ],
      [
        'a string for a boolean',
        (ir) => {
          objAt(layerOf(ir, 'conv2d'), 'attrs')['useBias'] = 'false';
        },
        /\/attrs\/useBias .*must be boolean$/,
      ],
      [
        'a fractional filter count',
        (ir) => {
          objAt(layerOf(ir, 'conv2d'), 'attrs')['filters'] = 16.5;
        },
        /\/attrs\/filters .*must be integer$/,
      ],
      [
        'a zero depth multiplier',
        (ir) => {
          objAt(layerOf(ir, 'sepconv2d'), 'attrs')['depthMultiplier'] = 0;
        },
        /\/attrs\/depthMultiplier .*must be >= 1$/,
      ],
      [
        'a dropout rate of 1',
        (ir) => {
          objAt(layerOf(ir, 'dropout'), 'attrs')['rate'] = 1;
        },
        /\/attrs\/rate .*must be < 1$/,
      ],
      [
        'a zero batchnorm epsilon',
        (ir) => {
          objAt(layerOf(ir, 'batchnorm'), 'attrs')['epsilon'] = 0;
        },
        /\/attrs\/epsilon .*must be > 0$/,
      ],
      [
        'a negative LRN radius',
        (ir) => {
          objAt(layerOf(ir, 'lrn'), 'attrs')['depthRadius'] = -1;
        },
        /\/attrs\/depthRadius .*must be >= 0$/,
      ],
      [
        'a string residual scale',
        (ir) => {
          objAt(layerOf(ir, 'scaledadd'), 'attrs')['scale'] = '0.2';
        },
        /\/attrs\/scale .*must be number$/,
      ],
      // Shapes.
      [
        'a negative shape dimension',
        (ir) => {
          arrAt(layerOf(ir, 'conv2d'), 'shape')[1] = -3;
        },
        /^\/layers\/1\/shape\/1 \(layer 'stem_conv1'\): must be >= 1$/,
      ],
      [
        'a zero shape dimension',
        (ir) => {
          arrAt(layerOf(ir, 'avgpool'), 'shape')[2] = 0;
        },
        /\/shape\/2 .*must be >= 1$/,
      ],
      [
        'a fractional shape dimension',
        (ir) => {
          arrAt(layerOf(ir, 'dense'), 'shape')[1] = 2.5;
        },
        /\/shape\/1 .*must be integer or null$/,
      ],
      [
        'a fixed batch dimension',
        (ir) => {
          arrAt(layerOf(ir, 'conv2d'), 'shape')[0] = 1;
        },
        /\/shape\/0 .*must be null$/,
      ],
      [
        'a rank-3 conv output',
        (ir) => {
          layerOf(ir, 'conv2d')['shape'] = [null, 17, 16];
        },
        /\/shape .*must NOT have fewer than 4 items$/,
      ],
      [
        'a rank-4 dense output',
        (ir) => {
          layerOf(ir, 'dense')['shape'] = [null, 1, 1, 7];
        },
        /\/shape .*must NOT have more than 2 items$/,
      ],
      [
        'a batch-only shape',
        (ir) => {
          layerOf(ir, 'batchnorm')['shape'] = [null];
        },
        /\/shape .*must NOT have fewer than 2 items$/,
      ],
      // Input counts.
      [
        'a residual add with one input',
        (ir) => {
          arrAt(layerOf(ir, 'scaledadd'), 'inputs').pop();
        },
        /\/inputs \(layer 'res_1'\): must NOT have fewer than 2 items$/,
      ],
      [
        'a concat with one input',
        (ir) => {
          layerOf(ir, 'concat')['inputs'] = ['res_1_ac'];
        },
        /\/inputs \(layer 'mixed_1'\): must NOT have fewer than 2 items$/,
      ],
      [
        'a conv with two inputs',
        (ir) => {
          arrAt(layerOf(ir, 'conv2d'), 'inputs').push('input');
        },
        /\/inputs \(layer 'stem_conv1'\): must NOT have more than 1 items$/,
      ],
      [
        'a layer with no inputs',
        (ir) => {
          layerOf(ir, 'dropout')['inputs'] = [];
        },
        /\/inputs \(layer 'head_dropout1'\): must NOT have fewer than 1 items$/,
      ],
      [
        'an input layer with an input',
        (ir) => {
          layerOf(ir, 'input')['inputs'] = ['stem_conv1'];
        },
        /^\/layers\/0\/inputs \(layer 'input'\): must NOT have more than 0 items$/,
      ],
      // Layer bookkeeping.
      [
        'an extra layer property',
        (ir) => {
          layerOf(ir, 'conv2d')['comment'] = 'hi';
        },
        /^\/layers\/1 \(layer 'stem_conv1'\): unexpected property 'comment'$/,
      ],
      [
        'negative params',
        (ir) => {
          objAt(layerOf(ir, 'dense'), 'params')['trainable'] = -1;
        },
        /\/params\/trainable .*must be >= 0$/,
      ],
      [
        'fractional MACs',
        (ir) => {
          layerOf(ir, 'conv2d')['macs'] = 0.5;
        },
        /\/macs .*must be integer$/,
      ],
      [
        'a span without a file',
        (ir) => {
          delete objAt(layerOf(ir, 'conv2d'), 'span')['file'];
        },
        /\/span .*missing property 'file'$/,
      ],
      [
        'a span at line 0',
        (ir) => {
          objAt(layerOf(ir, 'conv2d'), 'span', 'start')['line'] = 0;
        },
        /\/span\/start\/line .*must be >= 1$/,
      ],
      [
        'an unknown section',
        (ir) => {
          objAt(layerOf(ir, 'conv2d'), 'scope')['section'] = 'neck';
        },
        /\/scope\/section .*must be one of "input", "stem", "body", "head", "aux"$/,
      ],
      [
        'an aux name outside an aux section',
        (ir) => {
          objAt(layerOf(ir, 'conv2d'), 'scope')['aux'] = 'side';
        },
        /\/scope\/aux \(layer 'stem_conv1'\): is not allowed here$/,
      ],
      [
        'an aux-section layer without its head',
        (ir) => {
          delete objAt(layerOf(ir, 'flatten'), 'scope')['aux'];
        },
        /\/scope \(layer 'side_flatten1'\): missing property 'aux'$/,
      ],
      [
        'a block without its instance',
        (ir) => {
          delete objAt(layerOf(ir, 'lrn'), 'scope')['instance'];
        },
        /\/scope \(layer 'res_1_lrn1'\): must have property instance when property block is present$/,
      ],
      // Cross-references (beyond the schema).
      [
        'an input naming a later layer',
        (ir) => {
          layerOf(ir, 'batchnorm')['inputs'] = ['head_dense1'];
        },
        /^\/layers\/2\/inputs\/0 \(layer 'stem_batchnorm1'\): 'head_dense1' is not an earlier layer \(it is \/layers\/\d+\)$/,
      ],
      [
        'a layer feeding itself',
        (ir) => {
          const l = layerOf(ir, 'lrn');
          l['inputs'] = [at(l, 'name')];
        },
        /'res_1_lrn1' is not an earlier layer/,
      ],
      [
        'an input naming no layer',
        (ir) => {
          layerOf(ir, 'dense')['inputs'] = ['nowhere'];
        },
        /\/inputs\/0 \(layer 'head_dense1'\): 'nowhere' names no layer$/,
      ],
      [
        'a duplicate layer name',
        (ir) => {
          layerOf(ir, 'activation')['name'] = 'stem_conv1';
        },
        /^\/layers\/3\/name: duplicate layer name 'stem_conv1' \(also \/layers\/1\)$/,
      ],
      [
        'a second input layer',
        (ir) => {
          arrAt(ir, 'layers').splice(1, 0, { ...layerOf(ir, 'input'), name: 'input2' });
        },
        /^\/layers: expected exactly one 'input' layer, found 2$/,
      ],
      [
        'an input size the input layer disagrees with',
        (ir) => {
          ir['input'] = [32, 31, 3];
        },
        /^\/input: \[32,31,3\] disagrees with the input layer's shape \[null,33,31,3\]$/,
      ],
      [
        'an unknown main output',
        (ir) => {
          objAt(ir, 'outputs')['main'] = 'nope';
        },
        /^\/outputs\/main: 'nope' names no layer$/,
      ],
      [
        'an unknown features output',
        (ir) => {
          objAt(ir, 'outputs')['features'] = 'nope';
        },
        /^\/outputs\/features: 'nope' names no layer$/,
      ],
      [
        'an aux head tapping no layer',
        (ir) => {
          objAt(ir, 'outputs', 'aux', 0)['at'] = 'mixed_9';
        },
        /^\/outputs\/aux\/0\/at: 'mixed_9' names no layer$/,
      ],
      [
        'an aux head output naming no layer',
        (ir) => {
          objAt(ir, 'outputs', 'aux', 0)['output'] = 'side_dense9';
        },
        /^\/outputs\/aux\/0\/output: 'side_dense9' names no layer$/,
      ],
      [
        'two aux heads with one name',
        (ir) => {
          arrAt(ir, 'outputs', 'aux').push({ ...objAt(ir, 'outputs', 'aux', 0) });
        },
        /^\/outputs\/aux\/1\/name: duplicate aux head name 'side'$/,
      ],
      [
        'an aux head with a negative weight',
        (ir) => {
          objAt(ir, 'outputs', 'aux', 0)['weight'] = -0.3;
        },
        /^\/outputs\/aux\/0\/weight: must be >= 0$/,
      ],
      [
        'inference totals off by one',
        (ir) => {
          objAt(ir, 'totals', 'inference', 'params')['total'] = numAt(ir, 'totals', 'inference', 'params', 'total') + 1;
        },
        /^\/totals\/inference\/params\/total: \d+, but the layers add up to \d+$/,
      ],
      [
        'with-aux MACs that ignore the aux head',
        (ir) => {
          objAt(ir, 'totals', 'withAux')['macs'] = at(ir, 'totals', 'inference', 'macs');
        },
        /^\/totals\/withAux\/macs: \d+, but the layers add up to \d+$/,
      ],
      [
        "a layer's params not reflected in the totals",
        (ir) => {
          objAt(layerOf(ir, 'dense'), 'params')['nonTrainable'] = 5;
        },
        /^\/totals\/inference\/params\/nonTrainable: \d+, but the layers add up to \d+$/,
      ],
      // Train.
      [
        'an unknown optimizer',
        (ir) => {
          objAt(ir, 'train', 'optimizer')['name'] = 'adagrad';
        },
        /^\/train\/optimizer\/name: must be one of "sgd", "momentum", "rmsprop", "adam", "adamw"$/,
      ],
      [
        'a non-numeric optimizer option',
        (ir) => {
          objAt(ir, 'train', 'optimizer', 'options')['lr'] = 'fast';
        },
        /^\/train\/optimizer\/options\/lr: must be number$/,
      ],
      [
        'a train section without a span',
        (ir) => {
          delete objAt(ir, 'train')['span'];
        },
        /^\/train: missing property 'span'$/,
      ],
      [
        'label smoothing of 1',
        (ir) => {
          objAt(ir, 'train')['labelSmoothing'] = 1;
        },
        /^\/train\/labelSmoothing: must be < 1$/,
      ],
      [
        'a fractional epoch count',
        (ir) => {
          objAt(ir, 'train')['epochs'] = 2.5;
        },
        /^\/train\/epochs: must be integer$/,
      ],
      [
        'an extra train key',
        (ir) => {
          objAt(ir, 'train')['cooldown'] = 5;
        },
        /^\/train: unexpected property 'cooldown'$/,
      ],
    ];

    for (const [what, mutate, expected] of rows) {
      it(`rejects ${what}`, () => {
        const ir = mutableJson(everything);
        mutate(ir);
        const result = validateIr(ir);
        expect(result.ok, 'rejected').to.equal(false);
        const errors = result.ok ? [] : result.errors;
        expect(
          errors.some((e) => expected.test(e)),
          `expected an error matching ${expected}, got:\n  ${errors.join('\n  ')}`,
        ).to.equal(true);
      });
    }

    it('reports every problem at once, not only the first', () => {
      const ir = mutableJson(everything);
      objAt(layerOf(ir, 'conv2d'), 'attrs')['padding'] = 'full';
      arrAt(layerOf(ir, 'dense'), 'shape')[1] = 0;
      ir['name'] = '';
      const result = validateIr(ir);
      expect(result.ok).to.equal(false);
      expect(result.ok ? [] : result.errors).to.have.length(3);
    });
  });

  describe('stays in sync with ir.ts', () => {
    it('lowers the fixture to every op of the schema (and nothing else)', () => {
      const lowered = [...new Set(everything.layers.map((l) => l.op))].sort();
      expect(lowered).to.deep.equal([...(layerSchema.properties!['op']!.enum as string[])].sort());
    });

    it('has exactly the ops of the OpAttrs type in the schema', () => {
      expect([...(layerSchema.properties!['op']!.enum as string[])].sort()).to.deep.equal(
        Object.keys(ATTRS_DEFINITION).sort(),
      );
    });

    it('gives every op one `if op = …` rule using its attrs definition', () => {
      const rules = layerSchema.allOf!.map((rule) => [
        rule.if.properties!['op']!.const,
        rule.then.properties!['attrs']!.$ref,
      ]);
      const expected = Object.entries(ATTRS_DEFINITION).map(([op, def]) => [op, `#/definitions/${def}`]);
      expect(rules.sort()).to.deep.equal(expected.sort());
    });

    it('requires exactly the attrs keys that lowering writes, for every op', () => {
      const mismatches: string[] = [];
      for (const layer of everything.layers) {
        const def = definitions[ATTRS_DEFINITION[layer.op]]!;
        const written = Object.keys(layer.attrs).sort().join(',');
        const declared = Object.keys(def.properties ?? {})
          .sort()
          .join(',');
        const required = [...(def.required ?? [])].sort().join(',');
        if (written !== declared || written !== required)
          mismatches.push(`${layer.op}: lowered {${written}}, schema properties {${declared}}, required {${required}}`);
      }
      expect(mismatches).to.deep.equal([]);
    });

    it('requires exactly the fields that lowering writes on layers and on the model', () => {
      const layerKeys = Object.keys(everything.layers[1]!).sort();
      expect(Object.keys(layerSchema.properties!).sort()).to.deep.equal(layerKeys);
      expect([...layerSchema.required!].sort()).to.deep.equal(layerKeys);
      const root = schema as unknown as SchemaObject;
      expect(Object.keys(root.properties!).sort()).to.deep.equal(Object.keys(everything).sort());
      expect([...root.required!, 'train'].sort()).to.deep.equal(Object.keys(everything).sort());
    });

    it('lists the activations of ACTIVATIONS', () => {
      expect(definitions['activation']!.enum).to.deep.equal([...ACTIVATIONS]);
    });

    it('pins irVersion to IR_VERSION', () => {
      expect((schema as unknown as SchemaObject).properties!['irVersion']!.const).to.equal(IR_VERSION);
    });
  });
});
