import { expect } from 'chai';
import { Ajv } from 'ajv';
import { runConfigSchema, type SchemaNode } from '../../src/runConfig/runConfigSchema.js';

/** Every object node of the schema, with its path. */
function objects(node: SchemaNode, path = '(top)'): Array<[string, SchemaNode]> {
  if (node.type !== 'object') return [];
  return [
    [path, node],
    ...Object.entries(node.properties ?? {}).flatMap(([k, v]) => objects(v, path === '(top)' ? k : `${path}.${k}`)),
  ];
}

describe('runConfig/runConfigSchema', () => {
  it('is a valid draft-07 schema that ajv compiles in strict mode', () => {
    expect(runConfigSchema.$schema).to.equal('http://json-schema.org/draft-07/schema#');
    expect(() => new Ajv({ strict: true }).compile(runConfigSchema)).not.to.throw();
  });

  it('closes every object (additionalProperties: false) and requires nothing', () => {
    const found = objects(runConfigSchema);
    expect(found.map(([p]) => p)).to.deep.equal(['(top)', 'data', 'optimizer', 'schedule']);
    for (const [path, node] of found) {
      expect(node.additionalProperties, path).to.equal(false);
      expect(node, path).not.to.have.property('required');
    }
  });

  it('has a key for every option of the command', () => {
    expect(Object.keys(runConfigSchema.properties)).to.deep.equal([
      'spec',
      'data',
      'out',
      'epochs',
      'batch',
      'lr',
      'classes',
      'input',
      'width',
      'weights',
      'freeze',
      'seed',
      'backend',
      'resume',
      'optimizer',
      'schedule',
      'label_smoothing',
      'clipnorm',
      'weight_decay',
      'warmup_epochs',
    ]);
  });
});
