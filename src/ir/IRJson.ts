import type { Position, Span } from '../diagnostics/Span.js';
import type { IRModel } from './ir.js';

/** A span of the JSON form: `file` indexes `IRJson.files`. */
export interface IRJsonSpan {
  file: number;
  start: Position;
  end: Position;
}

/** `T` with every span's file turned into an index of the file table. */
export type WithFileIndex<T> = T extends Span
  ? IRJsonSpan
  : T extends Array<infer U>
    ? Array<WithFileIndex<U>>
    : T extends object
      ? { [K in keyof T]: WithFileIndex<T[K]> }
      : T;

/**
 * The IR as `incep compile --emit ir` writes it and `src/ir/ir.schema.json` describes it: the
 * in-memory `IRModel` with its spec files listed once, relative to the main spec's directory
 * (`files[0]` is the main spec; `source` repeats it), and every span pointing into that list —
 * no absolute path of the machine that compiled it, and not one per layer.
 */
export type IRJson = WithFileIndex<IRModel> & { files: string[] };
