/** A weight's shape (tfjs types a layer weight's dimensions as possibly null). */
interface Shaped {
  readonly shape: ReadonlyArray<number | null>;
}

/**
 * The class count a layer's given weights were trained for, when they are a classifier for
 * other classes than the model's `classes` (fine-tuning a pretrained head on new classes): every
 * weight of the layer is given, with the same shape but for a last dimension that is `classes` in
 * the model and one other size (the same for all) in the given weights. Undefined otherwise.
 */
export function otherClasses(
  layer: { readonly weights: ReadonlyArray<{ readonly originalName: string } & Shaped> },
  given: ReadonlyMap<string, Shaped>,
  classes: number,
): number | undefined {
  if (given.size !== layer.weights.length) return undefined;
  let other: number | undefined;
  for (const w of layer.weights) {
    const t = given.get(w.originalName.slice(w.originalName.lastIndexOf('/') + 1));
    if (t?.shape.length !== w.shape.length) return undefined;
    const last = w.shape.length - 1;
    if (t.shape.slice(0, last).join('x') !== w.shape.slice(0, last).join('x')) return undefined;
    if (t.shape[last] === w.shape[last]) continue;
    if (w.shape[last] !== classes || (other !== undefined && t.shape[last] !== other)) return undefined;
    other = t.shape[last] ?? undefined;
  }
  return other;
}
