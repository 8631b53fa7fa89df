import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Hover,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node.js';
import { uriOf } from './lspHarness.js';

describe('incep lsp --stdio (serveStdio), as a child process', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'incep-lsp-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  // Started as VS Code's client starts it: `--stdio --clientProcessId=PID` after the command.
  it('initializes, publishes diagnostics, answers hover, shuts down and exits 0 — without TensorFlow.js', async () => {
    const log = join(dir, 'imports.log');
    const child = spawn(
      process.execPath,
      [
        '--import',
        './test/support/recordImports.mjs',
        'bin/incep.js',
        'lsp',
        '--stdio',
        `--clientProcessId=${process.pid}`,
      ],
      { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, INCEP_IMPORT_LOG: log } },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const rpc = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const published: PublishDiagnosticsParams[] = [];
    const diagnostics = new Promise<PublishDiagnosticsParams>((done) =>
      rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
        published.push(p);
        if (p.diagnostics.length > 0) done(p);
      }),
    );
    rpc.listen();

    const init = await rpc.sendRequest<{ capabilities: Record<string, unknown>; serverInfo: { name: string } }>(
      'initialize',
      { processId: process.pid, rootUri: null, capabilities: {} },
    );
    expect(init.serverInfo.name).to.equal('incep');
    expect(init.capabilities).to.include({
      hoverProvider: true,
      definitionProvider: true,
      documentSymbolProvider: true,
    });
    await rpc.sendNotification('initialized', {});

    const uri = uriOf(join(dir, 'broken.incep'));
    await rpc.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri,
        languageId: 'incep',
        version: 1,
        text: 'model M {\n  input 32x32x3\n  body { cnov 8 3x3 }\n}\n',
      },
    });
    const p = await diagnostics;
    expect(p.uri).to.equal(uri);
    expect(p.diagnostics.map((d) => [d.code, d.range.start, d.range.end])).to.deep.equal([
      ['E0301', { line: 2, character: 9 }, { line: 2, character: 13 }],
    ]);

    const v3 = readFileSync('specs/inception_v3.incep', 'utf8');
    await rpc.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uriOf('specs/inception_v3.incep'), languageId: 'incep', version: 1, text: v3 },
    });
    const line = v3.split('\n').findIndex((l) => l.includes('A(32) as mixed0'));
    const hover = await rpc.sendRequest<Hover>('textDocument/hover', {
      textDocument: { uri: uriOf('specs/inception_v3.incep') },
      position: { line, character: 5 },
    });
    expect(JSON.stringify(hover.contents)).to.include('35x35x256');

    await rpc.sendRequest('shutdown');
    await rpc.sendNotification('exit');
    expect(await exited, stderr).to.equal(0);
    rpc.dispose();

    const loaded = readFileSync(log, 'utf8').split('\n');
    expect(loaded.some((url) => /\/lsp\/startServer\.(js|ts)$/.test(url))).to.be.true;
    expect(loaded.filter((url) => url.includes('@tensorflow'))).to.deep.equal([]);
  });
});
