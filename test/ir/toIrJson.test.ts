import { resolve } from 'node:path';
import { expect } from 'chai';
import { compileFile } from '../../src/index.js';
import { toIrJson } from '../../src/ir/toIrJson.js';
import { validateIr } from '../../src/ir/validateIr.js';

describe('ir/toIrJson', () => {
  const cases: Array<[string, string[]]> = [
    ['specs/inception_v1.incep', ['inception_v1.incep']],
    ['specs/inception_v3.incep', ['inception_v3.incep', 'lib/stems.incep', 'lib/reductions.incep']],
    ['specs/inception_resnet_v2.incep', ['inception_resnet_v2.incep', 'lib/stems.incep', 'lib/reductions.incep']],
  ];
  for (const [spec, files] of cases) {
    it(`${spec}: each spec file listed once, relative to the spec's directory, spans pointing into the list`, () => {
      const r = compileFile(resolve(spec));
      expect(r.ok).to.equal(true);
      const json = toIrJson(r.ir!);
      expect(json.files).to.have.members(files);
      expect(json.files[0]).to.equal(files[0]);
      expect(json.source).to.equal(files[0]);
      const text = JSON.stringify(json);
      expect(text).to.not.include(resolve('specs'));
      expect(validateIr(JSON.parse(text))).to.deep.equal({ ok: true });
      // The same places as the live IR, now by index.
      json.layers.forEach((layer, i) => {
        const live = r.ir!.layers[i]!.span;
        expect(resolve('specs', json.files[layer.span.file]!)).to.equal(resolve(live.file));
        expect(layer.span.start).to.deep.equal(live.start);
      });
    });
  }

  it('is rejected when a span names a file past the table', () => {
    const json = JSON.parse(JSON.stringify(toIrJson(compileFile(resolve('specs/inception_v1.incep')).ir!))) as {
      layers: Array<{ span: { file: number } }>;
    };
    json.layers[3]!.span.file = 7;
    const result = validateIr(json);
    expect(result.ok).to.equal(false);
    expect(result.ok ? [] : result.errors).to.deep.equal([
      "/layers/3/span/file (layer '" +
        (json.layers[3] as unknown as { name: string }).name +
        "'): 7 is past the file table (1 files)",
    ]);
  });
});
