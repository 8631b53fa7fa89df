import { expect } from 'chai';

import { compileFile } from '../../src/compile.js';
import { graphModel } from '../../src/graph/graphModel.js';
import { renderSvg } from '../../src/graph/renderSvg.js';
import { parseXml } from '../support/parseXml.js';

describe('graph/renderSvg', function () {
  this.timeout(60_000);

  const cases: Array<[string, boolean]> = [
    ['specs/inception_v3.incep', false],
    ['specs/inception_resnet_v2.incep', true],
  ];
  for (const [spec, expand] of cases) {
    it(`draws ${spec}${expand ? ' expanded' : ''} as well-formed SVG naming every block instance`, async () => {
      const ir = compileFile(spec).ir!;
      const drawn = await renderSvg(graphModel(ir, { expand }));
      if (!drawn.ok) throw new Error(drawn.message);
      expect(parseXml(drawn.svg).documentElement?.nodeName).to.equal('svg');
      expect(drawn.svg).to.match(/<svg[^>]+width="\d+pt"/);
      const texts = [...drawn.svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
      const instances = new Set(ir.layers.flatMap((l) => (l.scope.instance ? [l.scope.instance] : [])));
      for (const instance of instances)
        expect(
          texts.some((t) => t.startsWith(instance)),
          instance,
        ).to.equal(true);
    });
  }

  it('reports a graph Graphviz cannot read as a value, not an exception', async () => {
    const drawn = await renderSvg('digraph { a -> }');
    expect(drawn.ok).to.equal(false);
    if (!drawn.ok) expect(drawn.message).to.match(/syntax error/i);
  });
});
