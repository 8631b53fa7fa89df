import { tf, type Tensor, type Variable } from '../../runtime/tf.js';

/** An optimizer's slots and step count as plain data, for checkpoints. */
export interface OptimizerState {
  iterations: number;
  /** One entry per slot: the variable's position in the trained list, the slot's name, its data. */
  slots: Array<{ index: number; slot: string; shape: number[]; values: Float32Array }>;
}

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
  /** The slots and step count (a copy). */
  state(): OptimizerState;
  /** Continues from a saved state (of the same optimizer over the same variables). */
  restore(state: OptimizerState): void;
  dispose(): void;
}

/**
 * Per-variable slot tensors, keyed by the variable's position in the trained list (stable across
 * processes, unlike tfjs's variable names), created as zeros on first use and replaced each step
 * (the previous value disposed), so the number of live tensors stays flat over a run.
 */
export class Slots {
  private readonly slots = new Map<string, Tensor>();

  /** Slot `name` of variable `index` (shaped like `like`, zeros at first). */
  get(index: number, like: Tensor, name: string): Tensor {
    const key = `${index}/${name}`;
    let t = this.slots.get(key);
    if (!t) {
      // Kept: a slot made inside a `tidy` must outlive it.
      t = tf.keep(tf.zerosLike(like));
      this.slots.set(key, t);
    }
    return t;
  }

  set(index: number, name: string, value: Tensor): void {
    const key = `${index}/${name}`;
    this.slots.get(key)?.dispose();
    this.slots.set(key, tf.keep(value));
  }

  entries(): Array<[number, string, Tensor]> {
    return [...this.slots].map(([key, t]) => {
      const cut = key.indexOf('/');
      return [Number(key.slice(0, cut)), key.slice(cut + 1), t];
    });
  }

  dispose(): void {
    for (const t of this.slots.values()) t.dispose();
    this.slots.clear();
  }
}

/** One variable's update: its slots, the variable, its gradient, its position, the rate and the step (from 1). */
export type UpdateRule = (slots: Slots, w: Variable, g: Tensor, index: number, lr: number, step: number) => void;

/** An optimizer from its per-variable update rule: the step count, state and clean-up are shared. */
export function optimizer(rule: UpdateRule): Optimizer {
  const slots = new Slots();
  let iterations = 0;
  return {
    get iterations() {
      return iterations;
    },
    apply(vars, grads, lr) {
      vars.forEach((w, i) => rule(slots, w, grads[i]!, i, lr, iterations + 1));
      iterations++;
    },
    state: () => ({
      iterations,
      slots: slots
        .entries()
        .map(([index, slot, t]) => ({ index, slot, shape: [...t.shape], values: t.dataSync() as Float32Array })),
    }),
    restore(state) {
      slots.dispose();
      for (const s of state.slots) slots.set(s.index, s.slot, tf.tensor(s.values, s.shape));
      iterations = state.iterations;
    },
    dispose: () => slots.dispose(),
  };
}

/** Gives a variable a new value made for it; the temporary is released (`assign` shares its data). */
export function assignTo(variable: Variable, value: Tensor): void {
  variable.assign(value);
  value.dispose();
}
