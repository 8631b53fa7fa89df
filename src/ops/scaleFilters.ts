/**
 * A filter count under the width multiplier, rounded as TF-slim's `depth_multiplier` with
 * `min_depth` 16: max(floor(f × W), min(f, 16)). Shared by instantiation and the runtime's conv
 * helper, so a generated module thins a network exactly as the compiler counts it.
 */
export function scaleFilters(filters: number, width: number): number {
  return width === 1 ? filters : Math.max(Math.floor(filters * width), Math.min(filters, 16));
}
