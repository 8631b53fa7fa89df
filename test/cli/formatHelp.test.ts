import { expect } from 'chai';
import { EMITTERS } from '../../src/cli/emitters.js';
import { BACKEND_CHOICES } from '../../src/runtime/selectBackend.js';
import { runCli } from './runCli.js';

describe('cli/formatHelp', () => {
  it('lists every backend choice of selectBackend, in its order', async () => {
    const { stdout } = await runCli(['compile', '--help']);
    expect(stdout).to.match(
      new RegExp(`--backend NAME +tfjs backend that builds the model: ${BACKEND_CHOICES.join(', ')}`),
    );
  });

  it('lists every emitter with its description', async () => {
    const { stdout } = await runCli(['compile', '--help']);
    for (const [name, emitter] of Object.entries(EMITTERS))
      expect(stdout).to.match(
        new RegExp(`\\n  ${name} +${emitter.description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
  });

  it('aligns option descriptions in one column', async () => {
    const { stdout } = await runCli(['--help']);
    const options = stdout.split('\n').filter((l) => /^ {2}(-\w, | {4})--/.test(l));
    expect(options.length).to.be.greaterThan(3);
    // Where the description starts: after the flag, its value placeholder and the padding.
    const column = (l: string) => /^ +(?:-\w, )?--\S+(?: [A-Z]\S*)? +/.exec(l)![0].length;
    expect(new Set(options.map(column))).to.have.length(1);
  });
});
