/** How the instances of `Block x N as alias` are named. */
export type AliasSeries =
  | { kind: 'single'; name: string }
  | { kind: 'digits'; stem: string; start: number }
  | { kind: 'letters'; stem: string; first: number }
  | { kind: 'suffix'; stem: string };

/**
 * The naming rule for repeated instances and ops: a trailing number counts up (`mixed1` →
 * mixed1, mixed2), a letter after a digit counts in letters as TF-slim's scopes do (`mixed_5b` →
 * mixed_5b, mixed_5c) while the letters last, anything else gets `_1`, `_2`.
 */
export function aliasSeries(alias: string, times: number): AliasSeries {
  if (times === 1) return { kind: 'single', name: alias };
  const digits = /^(.*?)(\d+)$/.exec(alias);
  if (digits) return { kind: 'digits', stem: digits[1]!, start: Number(digits[2]) };
  const letter = /^(.*\d)([a-z])$/.exec(alias);
  if (letter && letter[2]!.charCodeAt(0) + times - 1 <= 'z'.charCodeAt(0))
    return { kind: 'letters', stem: letter[1]!, first: letter[2]!.charCodeAt(0) };
  return { kind: 'suffix', stem: alias };
}

/** The i-th (0-based) name of `alias` repeated `times` times. */
export function seriesName(alias: string, times: number, i: number): string {
  const series = aliasSeries(alias, times);
  switch (series.kind) {
    case 'single':
      return series.name;
    case 'digits':
      return `${series.stem}${series.start + i}`;
    case 'letters':
      return `${series.stem}${String.fromCharCode(series.first + i)}`;
    case 'suffix':
      return `${series.stem}_${i + 1}`;
  }
}
