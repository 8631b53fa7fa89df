import { expect } from 'chai';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../src/cli/writeFileAtomic.js';
import { tempDir } from './runCli.js';

describe('cli/writeFileAtomic', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    tmp = await tempDir();
  });
  afterEach(() => tmp.cleanup());

  const cases: Array<{ name: string; before?: string; data: string | Uint8Array; expected: string }> = [
    { name: 'creates a new file', data: 'hello', expected: 'hello' },
    { name: 'replaces an existing file', before: 'old contents', data: 'new', expected: 'new' },
    { name: 'writes bytes', data: new TextEncoder().encode('bytes'), expected: 'bytes' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const file = tmp.path('a/b/out.json');
      if (c.before !== undefined) {
        await mkdir(tmp.path('a/b'), { recursive: true });
        await writeFile(file, c.before);
      }
      await writeFileAtomic(file, c.data);
      expect(await readFile(file, 'utf8')).to.equal(c.expected);
      expect(await readdir(tmp.path('a/b'))).to.deep.equal(['out.json']);
    });
  }

  it('throws the file-system error and removes its temporary file', async () => {
    // A directory where the file should go: the final rename fails.
    await mkdir(tmp.path('taken/inner'), { recursive: true });
    let thrown: unknown;
    try {
      await writeFileAtomic(tmp.path('taken'), 'x');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).to.be.instanceOf(Error);
    expect((await readdir(tmp.dir)).sort()).to.deep.equal(['taken']);
    expect(await readdir(tmp.path('taken'))).to.deep.equal(['inner']);
  });
});
