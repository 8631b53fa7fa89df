import type { CatalogueEntry } from '../catalogue.js';

/**
 * The codes of reading YAML run files, the settings of `incep train` (E061x). Their examples have
 * no `.incep` source: a run file is YAML, and test/runConfig/ shows each code on one.
 */
export const RUN_FILE_ENTRIES = {
  E0610: {
    severity: 'error',
    title: 'run file cannot be read',
    explanation:
      'The run file cannot be opened, is not a regular file (a directory, a named pipe, a device), ' +
      'is larger than 1 MiB or is not UTF-8 text. The checks come before reading, so a wrong path ' +
      'fails at once rather than hanging or filling memory. Check the path; a run file holds a few ' +
      'settings, one per line.',
    examples: [
      { what: 'a run file that does not exist', source: null },
      { what: 'a run file that is a FIFO, directory or device', source: null },
      { what: 'a run file larger than 1 MiB', source: null },
    ],
  },
  E0611: {
    severity: 'error',
    title: 'YAML syntax error in a run file',
    explanation:
      'The run file is not valid YAML: a bracket not closed, keys of one mapping not lined up, a tab ' +
      'used for indentation, a key given twice, a tag such as `!foo`, or a second document after ' +
      '`---`. Every such error is reported at its line and column; fix them and run again.',
    examples: [
      { what: 'run file: keys of one mapping not lined up', source: null },
      { what: 'run file: a key given twice', source: null },
    ],
  },
  E0612: {
    severity: 'error',
    title: 'unknown key in a run file',
    explanation:
      'A key that `incep train` does not know, usually a misspelling (`bacth` for `batch`) or a key ' +
      'at the wrong level (`nesterov` belongs under `optimizer:`). Run files are checked strictly, ' +
      'so a typo is an error rather than a setting silently ignored; the hint names the closest key.',
    examples: [
      { what: 'run file: a misspelt key (`bacth: 32`)', source: null },
      { what: 'run file: a key at the wrong level', source: null },
    ],
  },
  E0613: {
    severity: 'error',
    title: 'wrong type or value in a run file',
    explanation:
      'A setting has the wrong type or is out of range (`epochs: ten`, `lr: 0`, `backend: gpu`), or ' +
      'the file as a whole is not a mapping of settings. The message says what the key expects. Run ' +
      'files are YAML 1.2: `yes` and `on` are strings, so write `true` or `false`, and a quoted ' +
      'number is a string.',
    examples: [
      { what: 'run file: a value of the wrong type (`epochs: ten`)', source: null },
      { what: 'run file: a number out of range (`lr: 0`)', source: null },
      { what: 'run file: the top level is not a mapping', source: null },
    ],
  },
  E0614: {
    severity: 'error',
    title: 'run file expands too many aliases',
    explanation:
      'The run file uses YAML aliases (`*name`) so many times, nested, that expanding them would ' +
      'take memory out of all proportion to the file: an alias bomb ("billion laughs"). A run file ' +
      'may use an alias to repeat a section a few times; write the settings out instead.',
    examples: [{ what: 'run file: aliases of aliases, nested many levels deep', source: null }],
  },
} as const satisfies Record<string, CatalogueEntry>;
