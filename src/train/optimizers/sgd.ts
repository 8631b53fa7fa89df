import { tf } from '../../runtime/tf.js';
import { assignTo, optimizer, type Optimizer } from './Optimizer.js';

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
  const m = options.momentum;
  return optimizer((slots, w, g, i, lr) => {
    if (m === 0) {
      assignTo(
        w,
        tf.tidy(() => tf.sub(w, tf.mul(g, lr))),
      );
      return;
    }
    const v = tf.tidy(() => tf.sub(tf.mul(slots.get(i, w, 'momentum'), m), tf.mul(g, lr)));
    assignTo(
      w,
      tf.tidy(() => tf.add(w, options.nesterov ? tf.sub(tf.mul(v, m), tf.mul(g, lr)) : v)),
    );
    slots.set(i, 'momentum', v);
  });
}
