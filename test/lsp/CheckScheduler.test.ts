import { expect } from 'chai';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type PublishDiagnosticsParams } from 'vscode-languageserver/node.js';
import { startTestServer, type TestClient } from './lspHarness.js';

const BROKEN = 'model M {\n  input 32x32x3\n  body { conv 8 3x3; cnov 3 }\n}\n';
const FIXED = 'model M {\n  input 32x32x3\n  body { conv 8 3x3; conv 8 3 }\n}\n';
const TWICE = 'model M {\n  input 32x32x3\n  body {\n    conv 8 3x3 as a\n    conv 8 3x3 as a\n  }\n}\n';

const range = (line: number, from: number, to: number, endLine = line) => ({
  start: { line, character: from },
  end: { line: endLine, character: to },
});
const nonEmpty = (p: PublishDiagnosticsParams) => p.diagnostics.length > 0;
const empty = (p: PublishDiagnosticsParams) => p.diagnostics.length === 0;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('lsp diagnostics (CheckScheduler)', () => {
  let dir: string;
  let client: TestClient;
  const file = (name: string) => pathToFileURL(join(dir, name)).href;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'incep-lsp-'));
  });
  afterEach(async () => {
    await client.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('publishes what `incep check` prints — code, range, message, hint — and clears it once fixed', async () => {
    client = await startTestServer();
    const uri = file('m.incep');
    client.open(uri, BROKEN);
    const first = await client.diagnostics(uri, nonEmpty);
    expect(first.diagnostics).to.deep.equal([
      {
        severity: DiagnosticSeverity.Error,
        code: 'E0301',
        source: 'incep',
        message: "unknown op or block 'cnov'\nhelp: did you mean 'conv'?",
        range: range(2, 21, 25),
      },
    ]);
    const seen = client.published.length;
    client.change(uri, FIXED, 2);
    await client.diagnostics(uri, empty, seen);
  });

  it('applies incremental edits, as editors send them', async () => {
    client = await startTestServer();
    const uri = file('m.incep');
    client.open(uri, BROKEN);
    await client.diagnostics(uri, nonEmpty);
    const seen = client.published.length;
    // `cnov 3` → `conv 8 3`
    await client.rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: range(2, 21, 25), text: 'conv 8' }],
    });
    await client.diagnostics(uri, empty, seen);
  });

  it('turns related notes into relatedInformation', async () => {
    client = await startTestServer();
    const uri = file('twice.incep');
    client.open(uri, TWICE);
    const [d] = (await client.diagnostics(uri, nonEmpty)).diagnostics;
    expect(d).to.deep.include({ code: 'E0303', range: range(4, 4, 19) });
    expect(d!.message).to.equal("two layers are named 'a'\nhelp: give one of them another name with `as`");
    expect(d!.relatedInformation).to.deep.equal([
      { location: { uri, range: range(3, 4, 19) }, message: 'the first one is made here' },
    ]);
  });

  it('maps warnings and notes to their severities', async () => {
    client = await startTestServer();
    const uri = file('w.incep');
    // classes without a head: W0503.
    client.open(uri, 'model M {\n  input 32x32x3\n  classes 10\n  body { conv 8 3x3 }\n}\n');
    const [d] = (await client.diagnostics(uri, nonEmpty)).diagnostics;
    expect(d).to.deep.include({ code: 'W0503', severity: DiagnosticSeverity.Warning, range: range(2, 2, 12) });
  });

  it('debounces: several quick changes give one check, of the last text', async () => {
    client = await startTestServer(300);
    const uri = file('m.incep');
    client.open(uri, BROKEN);
    await client.diagnostics(uri, nonEmpty);
    const seen = client.published.length;
    for (let v = 2; v <= 6; v++) client.change(uri, v === 6 ? FIXED : BROKEN.replace('cnov', `cnov${v}`), v);
    await client.diagnostics(uri, () => true, seen);
    await sleep(700);
    const after = client.published.slice(seen);
    expect(after).to.have.length(1);
    expect(after[0]!.diagnostics).to.deep.equal([]);
  });

  it('reads imported files from their unsaved text and re-checks importers when they change', async () => {
    await writeFile(join(dir, 'lib.incep'), 'block B {\n  conv 8 1x1\n}\n');
    const main = file('main.incep');
    const lib = file('lib.incep');
    client = await startTestServer();
    client.open(main, 'import "lib.incep"\nmodel M {\n  input 32x32x3\n  body { B2 }\n}\n');
    const [unknown] = (await client.diagnostics(main, nonEmpty)).diagnostics;
    expect(unknown).to.deep.include({ code: 'E0301', range: range(3, 9, 11) });

    // B2 exists only in the editor's text of lib.incep, never on disk.
    let seen = client.published.length;
    client.open(lib, 'block B {\n  conv 8 1x1\n}\nblock B2 {\n  conv 4 1x1\n}\n');
    await client.diagnostics(main, empty, seen);

    // An error typed into the library shows in the library, found by its importer's check too.
    seen = client.published.length;
    client.change(lib, 'block B {\n  conv 8 1x1\n}\nblock B2 {\n  cnov 4 1x1\n}\n', 2);
    const inLib = await client.diagnostics(lib, nonEmpty, seen);
    expect(inLib.diagnostics.map((d) => [d.code, d.range])).to.deep.equal([['E0301', range(4, 2, 6)]]);

    // Closed, the library is read from disk again: B2 is gone.
    seen = client.published.length;
    client.close(lib);
    const [again] = (await client.diagnostics(main, nonEmpty, seen)).diagnostics;
    expect(again).to.deep.include({ code: 'E0301', range: range(3, 9, 11) });
  });

  it("publishes an imported file's errors under that file's URI", async () => {
    await writeFile(join(dir, 'lib.incep'), 'block B {\n  conv 8 1x1 bogus\n}\n');
    const main = file('main.incep');
    client = await startTestServer();
    client.open(main, 'import "lib.incep"\nmodel M {\n  input 32x32x3\n  body { B }\n}\n');
    const inLib = await client.diagnostics(file('lib.incep'), nonEmpty);
    expect(inLib.diagnostics[0]).to.deep.include({ range: range(1, 13, 18) });
    const own = await client.diagnostics(main);
    expect(own.diagnostics).to.deep.equal([]);
  });

  it('checks documents never saved to disk', async () => {
    client = await startTestServer();
    const uri = 'untitled:Untitled-1';
    client.open(uri, BROKEN);
    const [d] = (await client.diagnostics(uri, nonEmpty)).diagnostics;
    expect(d).to.deep.include({ code: 'E0301', range: range(2, 21, 25) });
  });

  it('resolves imports inside the workspace folder, as --root does, and refuses one outside it', async () => {
    const ws = join(dir, 'ws');
    await mkdir(join(ws, 'specs'), { recursive: true });
    await writeFile(join(ws, 'shared.incep'), 'block S { conv 8 1x1 }\n');
    await writeFile(join(dir, 'outside.incep'), 'block O { conv 8 1x1 }\n');
    client = await startTestServer(50, ws);
    // The spec's own directory is ws/specs: without the workspace root, '../shared.incep' is outside.
    const inside = pathToFileURL(join(ws, 'specs', 'in.incep')).href;
    client.open(inside, 'import "../shared.incep"\nmodel M {\n  input 8x8x3\n  body { S }\n}\n');
    expect((await client.diagnostics(inside)).diagnostics).to.deep.equal([]);
    const outside = pathToFileURL(join(ws, 'specs', 'out.incep')).href;
    client.open(outside, 'import "../../outside.incep"\nmodel M {\n  input 8x8x3\n  body { O }\n}\n');
    const refused = await client.diagnostics(outside, nonEmpty);
    expect(refused.diagnostics.map((d) => d.code)).to.include('E0605');
    // A spec opened from outside the workspace still imports its siblings, as `incep check` does.
    await mkdir(join(dir, 'elsewhere'));
    await writeFile(join(dir, 'elsewhere', 'sibling.incep'), 'block E { conv 8 1x1 }\n');
    const stray = pathToFileURL(join(dir, 'elsewhere', 'stray.incep')).href;
    client.open(stray, 'import "sibling.incep"\nmodel M {\n  input 8x8x3\n  body { E }\n}\n');
    expect((await client.diagnostics(stray)).diagnostics).to.deep.equal([]);
  });
});
