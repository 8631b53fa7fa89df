/**
 * "Did you mean …?" suggestions: the candidates closest to `input` by edit distance, within a
 * third of the input's length (as graphql-js does), best first.
 */
export function suggestionList(input: string, candidates: Iterable<string>, max = 3): string[] {
  const threshold = Math.max(1, Math.floor(input.length / 3)) + (input.length > 5 ? 1 : 0);
  const scored: Array<[string, number]> = [];
  const lower = input.toLowerCase();
  for (const candidate of new Set(candidates)) {
    if (candidate === input) continue;
    const distance = candidate.toLowerCase() === lower ? 0.5 : levenshtein(lower, candidate.toLowerCase());
    if (distance <= threshold) scored.push([candidate, distance]);
  }
  scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  return scored.slice(0, max).map(([c]) => c);
}

/** A hint sentence for `suggestionList`, or undefined when nothing is close. */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const list = suggestionList(input, candidates);
  if (list.length === 0) return undefined;
  const quoted = list.map((s) => `'${s}'`);
  if (quoted.length === 1) return `did you mean ${quoted[0]}?`;
  return `did you mean ${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}?`;
}

function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      // Transposition (Damerau): 'rleu' is one step from 'relu'.
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j]!, prevPrev[j - 2]! + 1);
      }
    }
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length]!;
}
