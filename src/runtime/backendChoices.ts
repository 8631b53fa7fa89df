/**
 * Backend names accepted by `selectBackend`, in CLI/help order. In a module of their own, with no
 * tfjs import, so the command line can check `--backend` without loading TensorFlow.js.
 */
export const BACKEND_CHOICES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;

/** One of {@link BACKEND_CHOICES}. */
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
