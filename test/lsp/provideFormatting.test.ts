import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { TextEdit } from 'vscode-languageserver/node.js';
import { formatSource } from '../../src/format/formatSource.js';
import { startTestServer, type TestClient } from './lspHarness.js';

const MESSY = 'model M {\n      input 32x32x3\n  body {   conv 8   3x3 ;conv 8 3x3\n }\n}\n';

describe('lsp formatting (provideFormatting)', () => {
  let client: TestClient;
  const format = (uri: string) =>
    client.rpc.sendRequest<TextEdit[]>('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });

  before(async () => {
    client = await startTestServer();
  });
  after(async () => {
    await client.stop();
  });

  it("replaces the whole document with `incep fmt`'s text", async () => {
    client.open('untitled:messy', MESSY);
    const expected = formatSource(MESSY, 'untitled:messy');
    if (!expected.ok) throw new Error('the fixture should parse');
    expect(expected.text).not.to.equal(MESSY);
    expect(await format('untitled:messy')).to.deep.equal([
      { range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } }, newText: expected.text },
    ]);
  });

  it('makes no edit to a canonical text', async () => {
    client.open('untitled:canonical', readFileSync('specs/inception_v3.incep', 'utf8'));
    expect(await format('untitled:canonical')).to.deep.equal([]);
  });

  it('makes no edit to a text that does not parse', async () => {
    client.open('untitled:broken', 'model M {\n  body { conv 8 3x3 \n');
    expect(await format('untitled:broken')).to.deep.equal([]);
  });
});
