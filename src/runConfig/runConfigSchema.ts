import { LIMITS } from '../ops/limits.js';

/**
 * The subset of JSON Schema (draft-07) the run-file schema is written in. Typed so that the
 * messages of `schemaDiagnostics` can be derived from the same object ajv checks against.
 */
export interface SchemaNode {
  type?: 'object' | 'string' | 'number' | 'integer' | 'boolean';
  /** What a string means, in words ("a path", "a size HxWxC such as 224x224x3"). */
  description?: string;
  properties?: Readonly<Record<string, SchemaNode>>;
  additionalProperties?: false;
  enum?: readonly string[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

/** The CLI's `--input` grammar: HEIGHTxWIDTHxCHANNELS, either case of x. */
export const INPUT_PATTERN = '^[0-9]+[xX][0-9]+[xX][0-9]+$';

const path = (what: string): SchemaNode => ({ type: 'string', description: what });
const int = (minimum: number, maximum?: number): SchemaNode =>
  maximum === undefined ? { type: 'integer', minimum } : { type: 'integer', minimum, maximum };
const positive: SchemaNode = { type: 'number', exclusiveMinimum: 0 };
const nonNegative: SchemaNode = { type: 'number', minimum: 0 };
const bool: SchemaNode = { type: 'boolean' };
const object = (properties: Record<string, SchemaNode>): SchemaNode => ({
  type: 'object',
  properties,
  additionalProperties: false,
});

/**
 * The JSON Schema (draft-07) of a run file, `RunConfig` as data. Every object is closed
 * (`additionalProperties: false`) so a misspelt key is an error rather than a setting silently
 * ignored, and nothing is required because the command line may supply any key. Ranges follow
 * the spec's `train` block and the CLI: `classes` and `width` use the compiler's limits; the
 * sides of `input` are checked against them after the pattern matches (`checkOverrides`).
 */
export const runConfigSchema: SchemaNode & { $schema: string; properties: Readonly<Record<string, SchemaNode>> } = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  properties: {
    spec: path('the path of a .incep spec'),
    data: object({
      train: path('a directory of class folders'),
      val: path('a directory of class folders'),
      val_split: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
      synthetic: int(1),
    }),
    out: path('an output directory'),
    epochs: int(1),
    batch: int(1),
    lr: positive,
    classes: int(1, LIMITS.classes),
    input: {
      type: 'string',
      pattern: INPUT_PATTERN,
      description: 'a size HxWxC such as 224x224x3',
    },
    width: { type: 'number', exclusiveMinimum: 0, maximum: 4 },
    weights: path('a weights directory'),
    freeze: { type: 'string' },
    seed: int(0),
    backend: { type: 'string', enum: ['auto', 'tensorflow', 'wasm', 'cpu'] },
    resume: bool,
    optimizer: object({
      name: { type: 'string', enum: ['sgd', 'momentum', 'rmsprop', 'adam', 'adamw'] },
      lr: positive,
      momentum: nonNegative,
      rho: nonNegative,
      epsilon: nonNegative,
      beta1: nonNegative,
      beta2: nonNegative,
      weight_decay: nonNegative,
      nesterov: bool,
      centered: bool,
    }),
    schedule: object({
      name: { type: 'string', enum: ['constant', 'exponential', 'step', 'cosine'] },
      rate: nonNegative,
      every_epochs: positive,
      min_lr: nonNegative,
      staircase: bool,
    }),
    label_smoothing: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
    clipnorm: nonNegative,
    weight_decay: nonNegative,
    warmup_epochs: nonNegative,
  },
};
