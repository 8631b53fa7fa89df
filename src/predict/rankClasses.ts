import type { Prediction } from './classifyImages.js';

/** The `k` most probable classes of one image's probabilities, most probable first, with their labels. */
export function rankClasses(probabilities: ArrayLike<number>, labels: readonly string[], k: number): Prediction[] {
  return Array.from(probabilities, (p, index) => ({ index, probability: p }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, k)
    .map((p) => ({ ...p, label: labels[p.index] ?? `class ${p.index}` }));
}
