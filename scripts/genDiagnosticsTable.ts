/**
 * `npm run gen` (first step): rewrites the diagnostics table of grammar/README.md from
 * src/diagnostics/catalogue.ts, between its marker comments. The file is replaced atomically, so
 * an interrupted run never leaves a half-written reference. Exits 1, changing nothing, when the
 * markers are missing.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../src/cli/writeFileAtomic.js';
import { diagnosticsTable, spliceDiagnosticsTable } from '../src/diagnostics/diagnosticsTable.js';

const README = fileURLToPath(new URL('../grammar/README.md', import.meta.url));

const before = await readFile(README, 'utf8');
const spliced = spliceDiagnosticsTable(before, diagnosticsTable());
if (!spliced.ok) {
  process.stderr.write(`genDiagnosticsTable: grammar/README.md: ${spliced.message}\n`);
  process.exitCode = 1;
} else if (spliced.text === before) {
  process.stdout.write('grammar/README.md: diagnostics table up to date\n');
} else {
  await writeFileAtomic(README, spliced.text);
  process.stdout.write('grammar/README.md: diagnostics table regenerated\n');
}
