import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import type { Hover } from 'vscode-languageserver/node.js';
import { guard } from '../../src/lsp/guard.js';
import { startTestServer, uriOf, type TestClient } from './lspHarness.js';

const V3 = 'specs/inception_v3.incep';

describe('lsp robustness (guard)', () => {
  it('turns an exception into a logged line and the fallback', () => {
    const logged: string[] = [];
    const handler = guard(
      'hover',
      (m) => logged.push(m),
      'fallback',
      (n: number) => {
        if (n < 0) throw new Error('boom');
        return `ok ${n}`;
      },
    );
    expect(handler(1)).to.equal('ok 1');
    expect(handler(-1)).to.equal('fallback');
    expect(logged).to.deep.equal(['incep: hover failed: boom']);
  });

  describe('over JSON-RPC', () => {
    let client: TestClient;
    before(async () => {
      client = await startTestServer();
      client.open(uriOf(V3), readFileSync(V3, 'utf8'));
      await client.diagnostics(uriOf(V3));
    });
    after(async () => {
      await client.stop();
    });

    const methods = [
      'textDocument/hover',
      'textDocument/definition',
      'textDocument/completion',
      'textDocument/documentSymbol',
      'textDocument/formatting',
    ];
    const garbage: Array<{ what: string; params: unknown }> = [
      {
        what: 'a position far past the end',
        params: { textDocument: { uri: uriOf(V3) }, position: { line: 1e9, character: 1e9 } },
      },
      {
        what: 'a negative position',
        params: { textDocument: { uri: uriOf(V3) }, position: { line: -3, character: -7 } },
      },
      {
        what: 'a fractional position',
        params: { textDocument: { uri: uriOf(V3) }, position: { line: 48.5, character: 0.25 } },
      },
      {
        what: 'an unknown document',
        params: { textDocument: { uri: 'file:///nowhere.incep' }, position: { line: 0, character: 0 } },
      },
      { what: 'a malformed URI', params: { textDocument: { uri: 'file://%%%' }, position: { line: 0, character: 0 } } },
      { what: 'no document at all', params: { textDocument: null, position: null } },
    ];
    for (const method of methods) {
      for (const g of garbage) {
        it(`${method} answers for ${g.what} rather than failing`, async () => {
          // A handler that threw would come back as a JSON-RPC error, rejecting the request.
          const answer: unknown = await client.rpc.sendRequest(method, g.params);
          expect(
            answer === null || Array.isArray(answer) || (typeof answer === 'object' && 'contents' in answer),
          ).to.equal(true);
        });
      }
    }

    it('logs what failed and keeps serving', async () => {
      expect(client.logs.some((l) => l.startsWith('incep: hover failed: '))).to.equal(true);
      const text = readFileSync(V3, 'utf8');
      const line = text.split('\n').findIndex((l) => l.includes('A(32) as mixed0'));
      const hover = await client.rpc.sendRequest<Hover>('textDocument/hover', {
        textDocument: { uri: uriOf(V3) },
        position: { line, character: 5 },
      });
      expect(JSON.stringify(hover.contents)).to.include('35x35x256');
    });

    it('checks hostile text without dying', async () => {
      const hostile = ['model M { body { ' + '('.repeat(5000) + ' } }', '\u0000\uffff"', '}}}{{{', 'x'.repeat(100_000)];
      hostile.forEach((text, i) => client.open(`untitled:hostile${i}`, text));
      for (let i = 0; i < hostile.length; i++) {
        const p = await client.diagnostics(`untitled:hostile${i}`, (d) => d.diagnostics.length > 0);
        expect(p.diagnostics[0]!.source).to.equal('incep');
      }
    });
  });

  it('answers hover, definition and completion everywhere in the zoo without one failure', async () => {
    const client = await startTestServer();
    const files = ['specs', 'specs/lib'].flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.incep'))
        .map((f) => `${dir}/${f}`),
    );
    for (const f of files) client.open(uriOf(f), readFileSync(f, 'utf8'));
    let hovers = 0;
    for (const f of files) {
      const lines = readFileSync(f, 'utf8').split('\n');
      for (let line = 0; line < lines.length; line++) {
        for (let character = 0; character <= lines[line]!.length; character += 3) {
          const params = { textDocument: { uri: uriOf(f) }, position: { line, character } };
          if (await client.rpc.sendRequest('textDocument/hover', params)) hovers++;
          await client.rpc.sendRequest('textDocument/definition', params);
          await client.rpc.sendRequest('textDocument/completion', params);
        }
      }
    }
    expect(client.logs).to.deep.equal([]);
    // The sweep did reach the models: most statements describe what they make.
    expect(hovers).to.be.greaterThan(1000);
    await client.stop();
  });
});
