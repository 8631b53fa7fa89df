import type { CatalogueEntry } from '../catalogue.js';

/** The codes of reading spec files and following `import`s (E06xx). */
export const IMPORT_ENTRIES = {
  E0601: {
    severity: 'error',
    title: 'file cannot be read',
    explanation:
      'A spec given on the command line, or a file named by `import`, cannot be read. Import paths ' +
      'are relative to the importing file; check the path.',
    examples: [{ what: 'a file that cannot be read', source: 'import "missing.incep" model M { input 8x8x3 }' }],
  },
  E0602: {
    severity: 'error',
    title: 'import cycle',
    explanation:
      'Files import each other, directly or through others. Move the shared blocks into a third ' +
      'file that both import.',
    examples: [{ what: 'an import cycle', source: 'import "x.incep" model M { input 8x8x3 }' }],
  },
  E0603: {
    severity: 'error',
    title: 'imported file defines a model',
    explanation:
      'Imported files hold blocks only; a model is the root of one compilation. Move the blocks the ' +
      'model shares into a library file and import that.',
    examples: [{ what: 'an imported file defines a model', source: 'import "m.incep" model M { input 8x8x3 }' }],
  },
  E0604: {
    severity: 'error',
    title: 'import of a file that is not a spec',
    explanation:
      'An `import` names a file (or a link to one) that does not end in `.incep`. Imports read ' +
      'spec files only, and the check comes before any read, so no import can read a file that is ' +
      'not a spec, or show its text in a code frame.',
    examples: [
      { what: 'an import of a file that is not a spec', source: 'import "notes.txt" model M { input 8x8x3 }' },
    ],
  },
  E0605: {
    severity: 'error',
    title: 'import from outside the allowed directories',
    explanation:
      'An `import` resolves (after following links) outside the directories specs may import from: ' +
      "the main spec's directory and everything below it, and incep's own `specs/lib`. `--root DIR` " +
      '(and the `roots` option of `compile`) names another directory to allow.',
    examples: [
      { what: 'an import from outside', source: 'import "../elsewhere/blocks.incep" model M { input 8x8x3 }' },
    ],
  },
} as const satisfies Record<string, CatalogueEntry>;
