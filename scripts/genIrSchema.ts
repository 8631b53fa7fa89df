/**
 * `npm run gen` (second step): writes src/ir/ir.schema.json — the IR's JSON Schema for tools
 * outside incep — from the base schema and the op registry, atomically.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../src/cli/writeFileAtomic.js';
import { irSchemaText } from '../src/ir/irSchema.js';

const FILE = fileURLToPath(new URL('../src/ir/ir.schema.json', import.meta.url));

const before = await readFile(FILE, 'utf8').catch(() => '');
const text = irSchemaText();
if (text === before) process.stdout.write('src/ir/ir.schema.json: up to date\n');
else {
  await writeFileAtomic(FILE, text);
  process.stdout.write('src/ir/ir.schema.json: regenerated\n');
}
