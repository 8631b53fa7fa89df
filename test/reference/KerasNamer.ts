/**
 * Per-class name counters that mimic Keras' `backend.get_uid` auto-naming (`conv2d`,
 * `conv2d_1`, … from 0 in tf.keras; from 1 in Keras 2). The references name every layer
 * explicitly because tfjs' own counters are process-global, so names would depend on what else
 * had been built in the same process.
 */
export class KerasNamer {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly firstIndex: 0 | 1,
    private readonly prefix = '',
  ) {}

  next(kind: string): string {
    const n = this.counts.get(kind) ?? 0;
    this.counts.set(kind, n + 1);
    const index = n + this.firstIndex;
    return this.prefix + (index === 0 ? kind : `${kind}_${index}`);
  }
}
