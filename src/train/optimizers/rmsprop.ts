import { tf, type Tensor, type Variable } from '../../runtime/tf.js';
import { assignTo, Slots, type Optimizer } from './Optimizer.js';

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
  const slots = new Slots((like) => tf.zerosLike(like));
  const { rho, momentum, epsilon, centered } = options;
  let iterations = 0;
  return {
    get iterations() {
      return iterations;
    },
    apply(vars: readonly Variable[], grads: readonly Tensor[], lr: number) {
      vars.forEach((w, i) => {
        const g = grads[i]!;
        const ms = tf.tidy(() => tf.add(tf.mul(slots.get(w, 'ms'), rho), tf.mul(tf.square(g), 1 - rho)));
        const mg = centered ? tf.tidy(() => tf.add(tf.mul(slots.get(w, 'mg'), rho), tf.mul(g, 1 - rho))) : undefined;
        const mom = tf.tidy(() => {
          const denominator = mg ? tf.sub(ms, tf.square(mg)) : ms;
          return tf.add(
            tf.mul(slots.get(w, 'mom'), momentum),
            tf.div(tf.mul(g, lr), tf.sqrt(tf.add(denominator, epsilon))),
          );
        });
        assignTo(
          w,
          tf.tidy(() => tf.sub(w, mom)),
        );
        slots.set(w, 'ms', ms);
        if (mg) slots.set(w, 'mg', mg);
        slots.set(w, 'mom', mom);
      });
      iterations++;
    },
    slots: () => slots.all(),
    dispose: () => slots.dispose(),
  };
}
