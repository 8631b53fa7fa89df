import type { Random } from './seededRandom.js';

/** A Fisher–Yates shuffled copy of `items`, driven by `random` (the input is left as it is). */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
