import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function read(dir: string, names: string[]): Array<{ name: string; text: string }> {
  return names.map((name) => ({ name: `${dir}/${name}`, text: readFileSync(join(ROOT, dir, name), 'utf8') }));
}

const incep = (dir: string): string[] => readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.incep'));

/** Every spec of the zoo (`specs/*.incep`, `specs/lib/*.incep`), named by its path in the repository. */
export const ZOO = [...read('specs', incep('specs')), ...read('specs/lib', incep('specs/lib'))];

/**
 * The zoo, and the parser tests' kitchen sink, which holds every construct of the language
 * (multi-line arguments, a body on the next line, unnamed branches, …), with the files it imports.
 */
export const SPECIMENS = [
  ...ZOO,
  ...read('test/fixtures', ['kitchen_sink.incep']),
  ...read('test/fixtures/lib', incep('test/fixtures/lib')),
];
