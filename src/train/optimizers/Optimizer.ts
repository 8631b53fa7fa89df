import { tf, type Tensor, type Variable } from '../../runtime/tf.js';

/**
 * An optimizer that the training loop drives step by step: the learning rate is given at every
 * step (schedules and warm-up live outside), and its slots (moments, accumulators) can be read
 * and restored, so a run can be checkpointed and resumed exactly.
 */
export interface Optimizer {
  /** Updates each variable from its gradient with this step's learning rate. */
  apply(vars: readonly Variable[], grads: readonly Tensor[], lr: number): void;
  /** Steps taken so far. */
  readonly iterations: number;
  /** The slot tensors by `<variable>/<slot>` (for checkpoints). */
  slots(): Map<string, Tensor>;
  dispose(): void;
}

/**
 * Per-variable slot tensors, created as zeros on first use and replaced in place each step
 * (the previous value is disposed), so the number of live tensors stays flat over a run.
 */
export class Slots {
  private readonly slots = new Map<string, Tensor>();

  constructor(private readonly zeros: (like: Tensor) => Tensor) {}

  get(variable: Variable, slot: string): Tensor {
    const key = `${variable.name}/${slot}`;
    let t = this.slots.get(key);
    if (!t) {
      // Kept: a slot made inside a `tidy` must outlive it.
      t = tf.keep(this.zeros(variable));
      this.slots.set(key, t);
    }
    return t;
  }

  set(variable: Variable, slot: string, value: Tensor): void {
    const key = `${variable.name}/${slot}`;
    this.slots.get(key)?.dispose();
    this.slots.set(key, tf.keep(value));
  }

  all(): Map<string, Tensor> {
    return new Map(this.slots);
  }

  dispose(): void {
    for (const t of this.slots.values()) t.dispose();
    this.slots.clear();
  }
}

/** Gives a variable a new value made for it; the temporary is released (`assign` shares its data). */
export function assignTo(variable: Variable, value: Tensor): void {
  variable.assign(value);
  value.dispose();
}
