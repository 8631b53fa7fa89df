import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { Location } from 'vscode-languageserver/node.js';
import { at } from './at.js';
import { startTestServer, uriOf, type TestClient } from './lspHarness.js';

const V3 = 'specs/inception_v3.incep';

describe('lsp go to definition (provideDefinition)', () => {
  let client: TestClient;
  const v3 = readFileSync(V3, 'utf8');
  const definition = (position: { line: number; character: number }) =>
    client.rpc.sendRequest<Location[]>('textDocument/definition', { textDocument: { uri: uriOf(V3) }, position });

  before(async () => {
    client = await startTestServer();
    client.open(uriOf(V3), v3);
    await client.diagnostics(uriOf(V3));
  });
  after(async () => {
    await client.stop();
  });

  const reductions = readFileSync('specs/lib/reductions.incep', 'utf8');
  const cases: Array<{ what: string; from: [string, number]; to: Location[] }> = [
    {
      what: 'a block call to the block in an imported file',
      from: ['ReductionA(k=64', 4],
      to: [
        {
          uri: uriOf('specs/lib/reductions.incep'),
          range: { start: at(reductions, 'block ReductionA', 6), end: at(reductions, 'block ReductionA', 16) },
        },
      ],
    },
    {
      what: 'a block call to the block in the same file',
      from: ['E x 2 as mixed9', 0],
      to: [{ uri: uriOf(V3), range: { start: at(v3, 'block E {', 6), end: at(v3, 'block E {', 7) } }],
    },
    {
      what: "an import's path to the file",
      from: ['"lib/stems.incep"', 5],
      to: [
        {
          uri: uriOf('specs/lib/stems.incep'),
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        },
      ],
    },
    {
      what: 'the instance an aux head taps to the call naming it',
      from: ['at mixed7', 4],
      to: [{ uri: uriOf(V3), range: { start: at(v3, 'as mixed7', 3), end: at(v3, 'as mixed7', 9) } }],
    },
    { what: 'an op to nothing', from: ['conv 64 1x1', 1], to: [] },
  ];
  for (const c of cases) {
    it(`goes from ${c.what}`, async () => {
      expect(await definition(at(v3, ...c.from))).to.deep.equal(c.to);
    });
  }
});
