/**
 * The name tfjs-layers gives an IR activation: Keras's spelling except `hard_sigmoid`, which
 * tfjs writes `hardSigmoid`. Pure, so the builder and the TypeScript emitter share it.
 */
export function tfjsActivationName(activation: string): string {
  return activation === 'hard_sigmoid' ? 'hardSigmoid' : activation;
}
