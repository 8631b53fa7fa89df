/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * A small seeded PRNG (mulberry32, 32-bit state) whose seed is mixed from a base seed and any
 * number of stream ids (epoch, file index, …), so every (seed, epoch, file) gets its own
 * independent, reproducible stream: a sample's augmentation does not depend on which files
 * were skipped or on the batch size. Not for cryptography.
 */
export function seededRandom(seed: number, ...streams: number[]): Random {
  let state = mix(0x9e3779b9, seed);
  for (const s of streams) state = mix(state, s);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Folds a number into a 32-bit hash (murmur3's finalizer), so nearby seeds give unrelated streams. */
function mix(hash: number, value: number): number {
  // Seeds may exceed 32 bits; fold the high part in rather than dropping it.
  const low = value | 0;
  const high = Math.floor(value / 4294967296) | 0;
  let h = Math.imul(hash ^ low, 0x85ebca6b) ^ high;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
