/**
 * `npm run gen` (third step): writes src/predict/imagenetClasses.ts — the ImageNet class names
 * `incep predict` prints — from a development dependency that ships them, atomically.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../src/cli/writeFileAtomic.js';
import { imagenetClassesText } from './imagenetClassesText.js';

const FILE = fileURLToPath(new URL('../src/predict/imagenetClasses.ts', import.meta.url));

const before = await readFile(FILE, 'utf8').catch(() => '');
const text = imagenetClassesText();
if (text === before) process.stdout.write('src/predict/imagenetClasses.ts: up to date\n');
else {
  await writeFileAtomic(FILE, text);
  process.stdout.write('src/predict/imagenetClasses.ts: regenerated\n');
}
