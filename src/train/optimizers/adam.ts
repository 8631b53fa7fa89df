import { tf, type Variable } from '../../runtime/tf.js';
import { assignTo, optimizer, type Optimizer } from './Optimizer.js';

/** Options of Adam and AdamW. */
export interface AdamOptions {
  beta1: number;
  beta2: number;
  epsilon: number;
  /** AdamW's decoupled weight decay (0 for Adam). */
  weightDecay: number;
  /** Which variables decay (kernels, not biases or BatchNorm). */
  decays: (v: Variable) => boolean;
}

/**
 * Adam (Kingma & Ba, Algorithm 1): `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`, with bias
 * corrections `m̂ = m/(1−β₁ᵗ)`, `v̂ = v/(1−β₂ᵗ)`, `w ← w − lr·m̂/(√v̂ + ε)`. AdamW (Loshchilov &
 * Hutter) subtracts `lr·λ·w` as well, decoupled from the gradient.
 */
export function adam(options: AdamOptions): Optimizer {
  const { beta1, beta2, epsilon, weightDecay } = options;
  return optimizer((slots, w, g, i, lr, t) => {
    const m = tf.tidy(() => tf.add(tf.mul(slots.get(i, w, 'm'), beta1), tf.mul(g, 1 - beta1)));
    const v = tf.tidy(() => tf.add(tf.mul(slots.get(i, w, 'v'), beta2), tf.mul(tf.square(g), 1 - beta2)));
    const decay = weightDecay > 0 && options.decays(w) ? weightDecay : 0;
    assignTo(
      w,
      tf.tidy(() => {
        const update = tf.div(tf.div(m, 1 - beta1 ** t), tf.add(tf.sqrt(tf.div(v, 1 - beta2 ** t)), epsilon));
        return tf.sub(w, tf.mul(decay > 0 ? tf.add(update, tf.mul(w, decay)) : update, lr));
      }),
    );
    slots.set(i, 'm', m);
    slots.set(i, 'v', v);
  });
}
