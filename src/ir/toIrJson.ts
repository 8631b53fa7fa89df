import { dirname, relative, sep } from 'node:path';
import type { Span } from '../diagnostics/Span.js';
import type { IRModel } from './ir.js';
import type { IRJson } from './IRJson.js';

/**
 * The JSON form of `ir` (see `IRJson`): spec paths relative to the main spec's directory, with
 * `/` separators on every platform, listed once in `files`, and each span's file an index into
 * that list. Files are numbered in the order the layers first mention them, the main spec first.
 */
export function toIrJson(ir: IRModel): IRJson {
  const base = dirname(ir.source);
  const index = new Map<string, number>([[ir.source, 0]]);
  const files = [portable(relative(base, ir.source))];
  const json = JSON.parse(
    JSON.stringify(ir, (_key, value: unknown) => {
      if (!isSpan(value)) return value;
      let i = index.get(value.file);
      if (i === undefined) {
        i = files.length;
        index.set(value.file, i);
        files.push(portable(relative(base, value.file)));
      }
      return { file: i, start: value.start, end: value.end };
    }),
  ) as Omit<IRJson, 'files'>;
  // The file table near the top, where a reader of the JSON meets it before the layers.
  const { irVersion, name, source: _source, ...rest } = json;
  return { irVersion, name, source: files[0]!, files, ...rest };
}

function isSpan(value: unknown): value is Span {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<Span>).file === 'string' &&
    typeof (value as Partial<Span>).start === 'object' &&
    typeof (value as Partial<Span>).end === 'object'
  );
}

function portable(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
