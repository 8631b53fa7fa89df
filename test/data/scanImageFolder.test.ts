import { expect } from 'chai';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { scanImageFolder } from '../../src/data/scanImageFolder.js';
import { GARBAGE, jpegBytes, pngBytes, tempDir, writeTree } from './imageFiles.js';

const red = pngBytes(4, 3, () => [255, 0, 0, 255]);
const blue = jpegBytes(8, 8, () => [0, 0, 255, 255]);

describe('data/scanImageFolder', () => {
  const roots: string[] = [];
  const folder = (files: Record<string, Uint8Array | null>): string => {
    const root = writeTree(tempDir(), files);
    roots.push(root);
    return root;
  };
  after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

  it('sorts classes by code unit and labels files by their class, in path order', async () => {
    const root = folder({
      'dog/b.png': red,
      'dog/a.JPG': blue,
      'cat/x.Jpeg': blue,
      'cat/nested/y.PNG': red,
      'cat/notes.txt': new TextEncoder().encode('not an image'),
      'cat/._x.jpg': GARBAGE,
      'Zebra/z.jpeg': blue,
      '.hidden/h.png': red,
      'readme.png': red,
    });
    const r = await scanImageFolder(root);
    if (!r.ok) throw new Error(r.message);
    expect(r.folder.root).to.equal(root);
    expect(r.folder.classes).to.deep.equal(['Zebra', 'cat', 'dog']);
    expect(r.folder.files.map((f) => [f.path.slice(root.length + 1), f.label])).to.deep.equal([
      [join('Zebra', 'z.jpeg'), 0],
      [join('cat', 'nested', 'y.PNG'), 1],
      [join('cat', 'x.Jpeg'), 1],
      [join('dog', 'a.JPG'), 2],
      [join('dog', 'b.png'), 2],
    ]);
  });

  it('lists a broken file with an image name (it is skipped when read, not here)', async () => {
    const r = await scanImageFolder(folder({ 'a/bad.jpg': GARBAGE, 'a/ok.png': red }));
    if (!r.ok) throw new Error(r.message);
    expect(r.folder.files.map((f) => f.path.endsWith('bad.jpg'))).to.deep.equal([true, false]);
  });

  const errors: Array<[string, () => string, RegExp, RegExp]> = [
    ['a missing folder', () => join(folder({}), 'nope'), /^no folder at '.*nope'$/, /sub-folder per class/],
    ['a file instead of a folder', () => join(folder({ 'f.png': red }), 'f.png'), /^no folder at/, /sub-folder/],
    ['no class folders', () => folder({ 'a.png': red, 'b.jpg': blue }), /has no class folders/, /DIR\/cat\/1\.jpg/],
    [
      'no images at all',
      () => folder({ 'a/notes.txt': GARBAGE, b: null }),
      /no images in .*2 class folders/,
      /its folder/,
    ],
    [
      'an empty class folder',
      () => folder({ 'cat/a.png': red, 'dog/': null }),
      /class folder 'dog' in .* has no images/,
      /add .*or remove it/,
    ],
    [
      'two empty class folders',
      () => folder({ 'a/': null, 'b/x.png': red, 'c/': null }),
      /folders 'a', 'c' in .* have no images/,
      /remove them/,
    ],
  ];
  for (const [what, make, message, hint] of errors) {
    it(`reports ${what} as a value`, async () => {
      const r = await scanImageFolder(make());
      expect(r.ok).to.equal(false);
      if (r.ok) return;
      expect(r.message).to.match(message);
      expect(r.hint).to.match(hint);
    });
  }
});
