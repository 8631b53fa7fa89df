import { tf, type Tensor, type Variable } from '../../runtime/tf.js';
import { assignTo, Slots, type Optimizer } from './Optimizer.js';

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
  const slots = new Slots((like) => tf.zerosLike(like));
  const { beta1, beta2, epsilon, weightDecay } = options;
  let iterations = 0;
  return {
    get iterations() {
      return iterations;
    },
    apply(vars: readonly Variable[], grads: readonly Tensor[], lr: number) {
      const t = iterations + 1;
      const c1 = 1 - beta1 ** t;
      const c2 = 1 - beta2 ** t;
      vars.forEach((w, i) => {
        const g = grads[i]!;
        const m = tf.tidy(() => tf.add(tf.mul(slots.get(w, 'm'), beta1), tf.mul(g, 1 - beta1)));
        const v = tf.tidy(() => tf.add(tf.mul(slots.get(w, 'v'), beta2), tf.mul(tf.square(g), 1 - beta2)));
        const decay = weightDecay > 0 && options.decays(w) ? weightDecay : 0;
        assignTo(
          w,
          tf.tidy(() => {
            const update = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), epsilon));
            const decayed = decay > 0 ? tf.add(update, tf.mul(w, decay)) : update;
            return tf.sub(w, tf.mul(decayed, lr));
          }),
        );
        slots.set(w, 'm', m);
        slots.set(w, 'v', v);
      });
      iterations++;
    },
    slots: () => slots.all(),
    dispose: () => slots.dispose(),
  };
}
