/**
 * The smallest n in [1, limit] for which `works(n)` holds, assuming it holds for every n above
 * one that does (shapes only shrink with the input). `known` is a size already known to work —
 * the search then stays at or below it; without one it doubles upward from 64 to find one.
 * Undefined when nothing up to `limit` works.
 */
export function smallestSide(works: (n: number) => boolean, limit: number, known?: number): number | undefined {
  let hi = known;
  if (hi === undefined) {
    for (let n = 64; n <= limit; n = Math.min(limit, n * 2)) {
      if (works(n)) {
        hi = n;
        break;
      }
      if (n === limit) break;
    }
    if (hi === undefined) return undefined;
  }
  let lo = 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (works(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
