import { tf } from '../../runtime/tf.js';
import { assignTo, optimizer, type Optimizer } from './Optimizer.js';

/** Options of RMSProp. */
export interface RmspropOptions {
  /** Decay of the mean square (TensorFlow's `decay`, Keras's `rho`). */
  rho: number;
  momentum: number;
  epsilon: number;
  /** Normalize by the centered second moment (the variance) instead. */
  centered: boolean;
}

/**
 * RMSProp as TensorFlow's `RMSPropOptimizer` (the one the Inception papers trained with, with
 * ε = 1.0 inside the root): `ms ← ρ·ms + (1−ρ)·g²`; centered, also `mg ← ρ·mg + (1−ρ)·g` and
 * the denominator `ms − mg²`; `mom ← μ·mom + lr·g / √(denominator + ε)`; `w ← w − mom`.
 */
export function rmsprop(options: RmspropOptions): Optimizer {
  const { rho, momentum, epsilon, centered } = options;
  return optimizer((slots, w, g, i, lr) => {
    const ms = tf.tidy(() => tf.add(tf.mul(slots.get(i, w, 'ms'), rho), tf.mul(tf.square(g), 1 - rho)));
    const mg = centered ? tf.tidy(() => tf.add(tf.mul(slots.get(i, w, 'mg'), rho), tf.mul(g, 1 - rho))) : undefined;
    const mom = tf.tidy(() => {
      const denominator = mg ? tf.sub(ms, tf.square(mg)) : ms;
      return tf.add(
        tf.mul(slots.get(i, w, 'mom'), momentum),
        tf.div(tf.mul(g, lr), tf.sqrt(tf.add(denominator, epsilon))),
      );
    });
    assignTo(
      w,
      tf.tidy(() => tf.sub(w, mom)),
    );
    slots.set(i, 'ms', ms);
    if (mg) slots.set(i, 'mg', mg);
    slots.set(i, 'mom', mom);
  });
}
