import { expect } from 'chai';
import { readdirSync } from 'node:fs';

import { compile, compileFile } from '../../src/compile.js';
import { graphModel } from '../../src/graph/graphModel.js';
import type { IRModel } from '../../src/ir/ir.js';

const ZOO = readdirSync('specs').filter((f) => f.endsWith('.incep'));

/** The nodes of a DOT graph: id → label lines and tooltip (the IR layers it stands for). */
function nodes(dot: string): Map<string, { label: string[]; layers: string[] }> {
  const out = new Map<string, { label: string[]; layers: string[] }>();
  for (const m of dot.matchAll(/^ +(n\d+) \[label="((?:[^"\\]|\\.)*)".*tooltip="([^"]*)"\];$/gm)) {
    out.set(m[1]!, { label: m[2]!.split('\\n'), layers: m[3]!.split(', ') });
  }
  return out;
}

function edges(dot: string): Array<[string, string, string | undefined]> {
  return [...dot.matchAll(/^ +(n\d+) -> (n\d+)(?: \[label="([^"]*)"\])?;$/gm)].map((m) => [m[1]!, m[2]!, m[3]]);
}

const instancesOf = (ir: IRModel) => [
  ...new Set(ir.layers.flatMap((l) => (l.scope.instance && l.scope.section !== 'aux' ? [l.scope.instance] : []))),
];

describe('graph/graphModel', () => {
  for (const file of ZOO) {
    describe(file, () => {
      const ir = compileFile(`specs/${file}`).ir!;
      const inference = ir.layers.filter((l) => l.scope.section !== 'aux');

      it('collapsed: one box per block instance, with its output shape and parameters', () => {
        const dot = graphModel(ir);
        const drawn = nodes(dot);
        for (const instance of instancesOf(ir)) {
          const box = [...drawn.values()].find((n) => n.label[0]!.split(' ')[0] === instance);
          expect(box, instance).to.not.equal(undefined);
          const layers = inference.filter((l) => l.scope.instance === instance);
          const last = layers[layers.length - 1]!;
          expect(box!.label[1]).to.equal(last.shape.slice(1).join('x'));
          const params = layers.reduce((s, l) => s + l.params.trainable + l.params.nonTrainable, 0);
          expect(box!.label[2]).to.equal(`${params.toLocaleString('en')} params`);
        }
        expect(edges(dot).every(([, , label]) => label === undefined)).to.equal(true);
      });

      for (const expand of [false, true]) {
        it(`${expand ? 'expanded' : 'collapsed'}: draws every layer of the inference graph exactly once, and no aux layer`, () => {
          const drawn = [...nodes(graphModel(ir, { expand })).values()].flatMap((n) => n.layers);
          expect([...drawn].sort()).to.deep.equal(inference.map((l) => l.name).sort());
        });
      }

      it('expanded: one cluster per instance, the edges labelled with the shapes they carry', () => {
        const dot = graphModel(ir, { expand: true });
        expect(dot.match(/subgraph cluster_/g)?.length ?? 0).to.equal(instancesOf(ir).length);
        const all = edges(dot);
        expect(all.length).to.be.greaterThan(inference.length / 3);
        expect(all.every(([, , label]) => label !== undefined && /^\d+(x\d+)*$/.test(label))).to.equal(true);
      });
    });
  }

  it('expanded: keeps the branches of a module left to right in the order the concat joins them', () => {
    const dot = graphModel(compileFile('specs/inception_v3.incep').ir!, { expand: true });
    const drawn = nodes(dot);
    const chains = [...dot.matchAll(/\{ rank=same; ((?:n\d+(?: -> )?)+) \[style=invis\]; \}/g)].map((m) =>
      m[1]!.split(' -> ').map((id) => drawn.get(id)!.layers[0]!),
    );
    // Figure 5 of the paper: 1x1, 5x5, double 3x3, pool — the first layer of each branch.
    expect(chains[0]).to.deep.equal([
      'mixed0_branch1x1_conv1',
      'mixed0_branch5x5_conv1',
      'mixed0_branch3x3dbl_conv1',
      'mixed0_branch_pool_avgpool1',
    ]);
    // Every concatenating module of v3 is held in order (11 of them: mixed0 to mixed10).
    expect(chains).to.have.length(11);
  });

  it('with --aux draws the aux heads, tapped where the spec taps them', () => {
    const ir = compileFile('specs/inception_v3.incep').ir!;
    const dot = graphModel(ir, { aux: true });
    const drawn = nodes(dot);
    const dense = [...drawn.entries()].find(([, n]) => n.layers.includes('logits_dense1'));
    expect(dense, 'the aux classifier').to.not.equal(undefined);
    expect(dot.match(/subgraph/g)).to.equal(null);
  });

  const fused: Array<[string, string, string[]]> = [
    ['a conv with its batch norm and activation', 'conv 8 3x3 same bn relu', ['conv 8 3x3 same + bn + relu']],
    ['a strided valid conv', 'conv 8 3x3 /2 valid', ['conv 8 3x3 /2 valid']],
    ['a pool', 'maxpool 3x3 /2 same', ['maxpool 3x3 /2 same']],
    ['a dense with its activation', 'globalavgpool; dense 4 softmax', ['globalavgpool', 'dense 4 softmax']],
  ];
  for (const [what, ops, labels] of fused) {
    it(`names ${what} as the language writes it`, () => {
      const ir = compile(`model M { input 16x16x3; stem { ${ops} } }`, { filename: 'm.incep' }).ir!;
      const titles = [...nodes(graphModel(ir, { expand: true })).values()].map((n) => n.label[0]);
      expect(titles.slice(1)).to.deep.equal(labels);
    });
  }

  it('shows a residual merge with its scale', () => {
    const ir = compile(
      'block R residual(scale=0.17) { branch { conv 8 1x1 same } project conv in 1x1 linear }\nmodel M { input 8x8x8; body { R } }',
      { filename: 'm.incep' },
    ).ir!;
    const titles = [...nodes(graphModel(ir, { expand: true })).values()].map((n) => n.label[0]);
    expect(titles).to.deep.equal(['input', 'conv 8 1x1 same', 'conv 8 1x1 valid', 'add ×0.17 + relu']);
  });
});
