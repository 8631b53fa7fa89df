import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { Hover, MarkupContent } from 'vscode-languageserver/node.js';
import { compileFile } from '../../src/compile.js';
import { groupThousands } from '../../src/summary/groupThousands.js';
import { at } from './at.js';
import { startTestServer, uriOf, type TestClient } from './lspHarness.js';

const V3 = 'specs/inception_v3.incep';
const REDUCTIONS = 'specs/lib/reductions.incep';

/** Params and MACs of one instance, summed from the IR independently of the server. */
function instanceTotals(instance: string): { params: string; macs: string } {
  const layers = compileFile(V3).ir!.layers.filter((l) => l.scope.instance === instance);
  return {
    params: groupThousands(layers.reduce((n, l) => n + l.params.trainable + l.params.nonTrainable, 0)),
    macs: groupThousands(layers.reduce((n, l) => n + l.macs, 0)),
  };
}

describe('lsp hover (provideHover)', () => {
  let client: TestClient;
  const v3 = readFileSync(V3, 'utf8');
  const hover = async (uri: string, position: { line: number; character: number }) => {
    const h = await client.rpc.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
    return h === null ? null : (h.contents as MarkupContent).value;
  };

  before(async () => {
    client = await startTestServer();
    client.open(uriOf(V3), v3);
    await client.diagnostics(uriOf(V3));
  });
  after(async () => {
    await client.stop();
  });

  it('shows the output shape, params and MACs of `A(32) as mixed0`', async () => {
    const text = await hover(uriOf(V3), at(v3, 'A(32) as mixed0', 1));
    const { params, macs } = instanceTotals('mixed0');
    expect(text).to.include('A(32) as mixed0');
    expect(text).to.include('`block A(pool)`');
    expect(text).to.include('`mixed0`: output **35x35x256**');
    expect(text).to.include(`${params} params, ${macs} MACs`);
  });

  it('shows every instance of a repeated call', async () => {
    const text = await hover(uriOf(V3), at(v3, 'C(160) x 2 as mixed5', 3));
    for (const name of ['mixed5', 'mixed6']) {
      const { params, macs } = instanceTotals(name);
      expect(text).to.include(`| \`${name}\` | **17x17x768** | ${params} | ${macs} |`);
    }
  });

  it('shows each instance an op inside a block makes', async () => {
    const text = await hover(uriOf(V3), at(v3, 'conv 48 1x1', 2));
    expect(text).to.include('op `conv`');
    expect(text).to.match(/\| `mixed0_branch5x5\w*` \| \*\*35x35x48\*\* \|/);
    expect(text!.match(/\*\*35x35x48\*\*/g)).to.have.length(3);
  });

  it("shows a block's instances on its name where it is defined", async () => {
    const text = await hover(uriOf(V3), at(v3, 'block E {', 6));
    expect(text).to.include('block E');
    expect(text).to.include('| `mixed9` | **8x8x2048** |');
    expect(text).to.include('| `mixed10` | **8x8x2048** |');
  });

  it('answers in an imported library from the model of the open spec importing it', async () => {
    const lib = readFileSync(REDUCTIONS, 'utf8');
    client.open(uriOf(REDUCTIONS), lib);
    const text = await hover(uriOf(REDUCTIONS), at(lib, 'block ReductionA', 7));
    expect(text).to.include('block ReductionA(k, l, m, n)');
    expect(text).to.include('`mixed3`: output **17x17x768**');
    client.close(uriOf(REDUCTIONS));
  });

  it('still describes an op when the spec does not compile', async () => {
    const uri = 'untitled:broken';
    client.open(uri, 'model M {\n  input 32x32x3\n  body { conv 8 3x3; B }\n}\n');
    const text = await hover(uri, { line: 2, character: 10 });
    expect(text).to.include('op `conv`');
    expect(await hover(uri, { line: 0, character: 1 })).to.equal(null);
  });
});
