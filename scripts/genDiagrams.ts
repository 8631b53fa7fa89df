/**
 * `npm run diagrams`: writes grammar/diagrams.html — railroad diagrams of every rule of incep's
 * grammar, readable offline in any browser — atomically.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../src/cli/writeFileAtomic.js';
import { diagramsHtml } from './diagramsHtml.js';

const FILE = fileURLToPath(new URL('../grammar/diagrams.html', import.meta.url));

const before = await readFile(FILE, 'utf8').catch(() => '');
const text = diagramsHtml();
if (text === before) process.stdout.write('grammar/diagrams.html: up to date\n');
else {
  await writeFileAtomic(FILE, text);
  process.stdout.write('grammar/diagrams.html: regenerated\n');
}
