import { expect } from 'chai';
import { lspCommand } from '../../src/cli/lspCommand.js';
import { parseCommandLine } from '../../src/cli/parseCommandLine.js';
import { runCli } from '../cli/runCli.js';

describe('incep lsp (lspCommand)', () => {
  it('refuses to start without --stdio, the only transport it speaks', async () => {
    const run = await runCli(['lsp']);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.match(/^incep: error: the language server talks over stdin and stdout only\n/);
    expect(run.stderr).to.include("hint: start it as 'incep lsp --stdio'");
  });

  it('has help that tells how an editor starts it', async () => {
    const run = await runCli(['lsp', '--help']);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.match(/^Usage: incep lsp --stdio/);
    expect(run.stdout).to.include("vim.lsp.start({ cmd = { 'incep', 'lsp', '--stdio' } })");
  });

  it("takes the arguments VS Code's client appends", () => {
    const parsed = parseCommandLine(lspCommand, ['--stdio', '--clientProcessId=4242']);
    expect(parsed).to.deep.include({ ok: true, positionals: [] });
    expect(parsed.ok && parsed.values).to.deep.include({ stdio: true, clientProcessId: '4242' });
  });
});
