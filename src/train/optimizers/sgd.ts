import { tf, type Tensor, type Variable } from '../../runtime/tf.js';
import { assignTo, Slots, type Optimizer } from './Optimizer.js';

/** Options of plain and momentum SGD (Keras's `SGD`). */
export interface SgdOptions {
  /** 0 for plain SGD. */
  momentum: number;
  /** Nesterov's look-ahead form. */
  nesterov: boolean;
}

/**
 * SGD as Keras defines it: with momentum m, `v ← m·v − lr·g`, then `w ← w + v` (plain), or
 * `w ← w + m·v − lr·g` (Nesterov). Without momentum, `w ← w − lr·g`.
 */
export function sgd(options: SgdOptions): Optimizer {
  const slots = new Slots((like) => tf.zerosLike(like));
  let iterations = 0;
  return {
    get iterations() {
      return iterations;
    },
    apply(vars: readonly Variable[], grads: readonly Tensor[], lr: number) {
      vars.forEach((w, i) => {
        const g = grads[i]!;
        if (options.momentum === 0) {
          assignTo(
            w,
            tf.tidy(() => tf.sub(w, tf.mul(g, lr))),
          );
          return;
        }
        const v = tf.tidy(() => tf.sub(tf.mul(slots.get(w, 'momentum'), options.momentum), tf.mul(g, lr)));
        const step = options.nesterov ? tf.tidy(() => tf.sub(tf.mul(v, options.momentum), tf.mul(g, lr))) : v;
        assignTo(
          w,
          tf.tidy(() => tf.add(w, step)),
        );
        if (step !== v) step.dispose();
        slots.set(w, 'momentum', v);
      });
      iterations++;
    },
    slots: () => slots.all(),
    dispose: () => slots.dispose(),
  };
}
