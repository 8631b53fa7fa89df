import type { IRTrain } from '../ir/ir.js';
import type { Variable } from '../runtime/tf.js';
import { adam } from './optimizers/adam.js';
import type { Optimizer } from './optimizers/Optimizer.js';
import { rmsprop } from './optimizers/rmsprop.js';
import { sgd } from './optimizers/sgd.js';

/**
 * Defaults where the recipe leaves an option out: Keras's, except RMSProp's ε, which is
 * TensorFlow's `RMSPropOptimizer` default (the Inception recipe sets ε = 1.0 explicitly).
 */
export const OPTIMIZER_DEFAULTS = {
  sgd: { lr: 0.01 },
  momentum: { lr: 0.01, momentum: 0.9 },
  rmsprop: { lr: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-10 },
  adam: { lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  adamw: { lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weight_decay: 0.004 },
} as const;

/** Kernels of convs and dense layers decay; biases, BatchNorm and LRN do not. */
export function decays(v: Variable): boolean {
  return v.name.replace(/_\d+$/, '').endsWith('kernel');
}

/** The optimizer of a recipe, and its base learning rate (the schedule scales it per step). */
export function makeOptimizer(recipe: IRTrain['optimizer']): { optimizer: Optimizer; lr: number } {
  const name = recipe?.name ?? 'sgd';
  const o: Record<string, number> = { ...OPTIMIZER_DEFAULTS[name], ...recipe?.options };
  const flags = recipe?.flags ?? {};
  const lr = o['lr']!;
  switch (name) {
    case 'sgd':
      return { optimizer: sgd({ momentum: 0, nesterov: false }), lr };
    case 'momentum':
      return { optimizer: sgd({ momentum: o['momentum']!, nesterov: flags['nesterov'] ?? false }), lr };
    case 'rmsprop':
      return {
        optimizer: rmsprop({
          rho: o['rho']!,
          momentum: o['momentum']!,
          epsilon: o['epsilon']!,
          centered: flags['centered'] ?? false,
        }),
        lr,
      };
    case 'adam':
    case 'adamw':
      return {
        optimizer: adam({
          beta1: o['beta1']!,
          beta2: o['beta2']!,
          epsilon: o['epsilon']!,
          weightDecay: name === 'adamw' ? o['weight_decay']! : 0,
          decays,
        }),
        lr,
      };
  }
}
