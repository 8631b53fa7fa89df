import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { CompletionItem } from 'vscode-languageserver/node.js';
import { at } from './at.js';
import { startTestServer, uriOf, type TestClient } from './lspHarness.js';

const V3 = 'specs/inception_v3.incep';

describe('lsp completion (provideCompletion)', () => {
  let client: TestClient;
  let version = 1;
  const v3 = readFileSync(V3, 'utf8');
  const uri = uriOf(V3);

  /** Completion at the end of `typed`, written on a new line of the body as a user types it. */
  const complete = async (typed: string): Promise<string[]> => {
    const text = v3.replace('    A(32) as mixed0\n', `    A(32) as mixed0\n    ${typed}\n`);
    client.change(uri, text, ++version);
    const items = await client.rpc.sendRequest<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: at(text, `    ${typed}\n`, 4 + typed.length),
    });
    return items.map((i) => i.label);
  };

  before(async () => {
    client = await startTestServer();
    client.open(uri, v3);
    await client.diagnostics(uri);
  });
  after(async () => {
    await client.stop();
  });

  const cases: Array<{ typed: string; has: string[]; hasNot?: string[] }> = [
    // ops, the file's blocks and the imported ones (ReductionA, KerasStem), keywords
    { typed: '', has: ['conv', 'maxpool', 'avgpool', 'dense', 'A', 'E', 'ReductionA', 'KerasStem', 'branch'] },
    { typed: 'Red', has: ['ReductionA', 'conv'] },
    // an op's settings from the op registry: keys and flag words
    {
      typed: 'conv 64 3x3 ',
      has: ['stride=', 'padding=', 'act=', 'bn=', 'dilation=', 'same', 'valid', 'relu', 'nobias', 'as'],
      hasNot: ['conv', 'pool='],
    },
    { typed: 'maxpool 3x3 ', has: ['stride=', 'padding=', 'same'], hasNot: ['filters='] },
    // a block's parameters inside its parentheses, less those written
    { typed: 'ReductionA(', has: ['k=', 'l=', 'm=', 'n='] },
    { typed: 'ReductionA(k=64, ', has: ['l=', 'm=', 'n='], hasNot: ['k='] },
    { typed: 'C(', has: ['c7='] },
    // an option call's keys
    { typed: 'conv 64 3x3 bn(', has: ['epsilon=', 'momentum=', 'center=', 'scale='] },
    // nothing in comments
    { typed: '# conv ', has: [], hasNot: ['conv', 'stride='] },
  ];
  for (const c of cases) {
    it(`completes '${c.typed}'`, async () => {
      const labels = await complete(c.typed);
      expect(labels).to.include.members(c.has);
      for (const l of c.hasNot ?? []) expect(labels).not.to.include(l);
      if (c.has.length === 0) expect(labels).to.deep.equal([]);
    });
  }
});
