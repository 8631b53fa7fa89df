import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node.js';
import { at } from './at.js';
import { startTestServer, uriOf, type TestClient } from './lspHarness.js';

const V3 = 'specs/inception_v3.incep';

/** A symbol tree as `name` or `name: [children]`, for comparing shapes. */
type Outline = string | Record<string, Outline[]>;
function outline(symbols: readonly DocumentSymbol[]): Outline[] {
  return symbols.map((s) => (s.children && s.children.length > 0 ? { [s.name]: outline(s.children) } : s.name));
}

describe('lsp document symbols (provideDocumentSymbols)', () => {
  let client: TestClient;
  const v3 = readFileSync(V3, 'utf8');
  const uri = uriOf(V3);
  const symbols = () =>
    client.rpc.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });

  before(async () => {
    client = await startTestServer();
    client.open(uri, v3);
  });
  after(async () => {
    await client.stop();
  });

  it('outlines the v3 spec: imports, the model, its sections, blocks and instances', async () => {
    const branches = (...names: string[]) => names.map((n) => `branch ${n}`);
    expect(outline(await symbols())).to.deep.equal([
      'import "lib/stems.incep"',
      'import "lib/reductions.incep"',
      {
        InceptionV3: [
          'input',
          'classes',
          'defaults',
          { A: branches('branch1x1', 'branch5x5', 'branch3x3dbl', 'branch_pool') },
          { C: branches('branch1x1', 'branch7x7', 'branch7x7dbl', 'branch_pool') },
          { ReductionB: branches('branch3x3', 'branch7x7x3', 'branch_pool') },
          { E: branches('branch1x1', 'branch3x3', 'branch3x3dbl', 'branch_pool') },
          { stem: ['stem'] },
          { body: ['mixed0', 'mixed1', 'mixed3', 'mixed4', 'mixed5', 'mixed7', 'mixed8', 'mixed9'] },
          { head: ['avg_pool', 'predictions'] },
          'aux logits',
          'train',
        ],
      },
    ]);
  });

  it('gives each symbol its range and the name to select', async () => {
    const model = (await symbols())[2]!;
    expect(model).to.deep.include({ kind: SymbolKind.Module, name: 'InceptionV3' });
    const body = model.children!.find((s) => s.name === 'body')!;
    const mixed0 = body.children![0]!;
    expect(mixed0).to.deep.include({
      kind: SymbolKind.Variable,
      detail: 'A',
      range: { start: at(v3, 'A(32) as mixed0'), end: at(v3, 'A(32) as mixed0', 15) },
      selectionRange: { start: at(v3, 'A(32) as mixed0', 9), end: at(v3, 'A(32) as mixed0', 15) },
    });
    const input = model.children![0]!;
    expect(input).to.deep.include({ kind: SymbolKind.Property, detail: '299x299x3' });
  });

  it('keeps the last outline while a half-typed statement does not parse', async () => {
    const before = await symbols();
    client.change(uri, v3.replace('    A(32) as mixed0\n', '    A(32) as mixed0\n    ReductionA(k=\n'), 2);
    expect(await symbols()).to.deep.equal(before);
  });
});
