import type { OpSyntax } from '../ops/OpDef.js';

/**
 * What a Keras or PyTorch user means by a setting or word incep spells differently, and how
 * incep writes it — hints for guesses that edit distance would answer with something unrelated
 * (`activation=` is not `dilation=`, `stride` is not `true`). `key` is true for `name=value`.
 */
export function kerasGuess(op: string, name: string, syntax: OpSyntax, key: boolean): string | undefined {
  const has = (k: string) => k in syntax.keys;
  const lower = name.toLowerCase();
  if ((lower === 'stride' || lower === 'strides' || lower === 'subsample') && (has('stride') || syntax.stride)) {
    return key && lower === 'stride'
      ? undefined
      : `write the stride after the size, \`${op} … 3x3 /2\`, or as \`stride=2\``;
  }
  if ((lower === 'activation' || lower === 'act_fn' || lower === 'nonlinearity') && has('act')) {
    return `write the activation as a word (\`${op} … relu\`) or as \`act=relu\``;
  }
  if ((lower === 'kernel_size' || lower === 'kernel' || lower === 'pool_size' || lower === 'size') && syntax.dims) {
    const lead = syntax.slots.filter((slot) => slot !== syntax.dims);
    return lead.length > 0
      ? `write the size as HxW after the ${lead[0]}: \`${op} 64 3x3\``
      : `write the size as HxW right after the op: \`${op} 3x3\``;
  }
  if ((lower === 'use_bias' || lower === 'usebias') && has('bias')) {
    return 'write `bias` or `nobias`, or `bias=true` / `bias=false`';
  }
  if ((lower === 'dilation_rate' || lower === 'dilations') && has('dilation')) return 'the setting is `dilation=2`';
  if (lower === 'padding' && key && !has('padding')) return `'${op}' has no padding to set`;
  if ((lower === 'same' || lower === 'valid') && !key && !('same' in syntax.flags)) {
    return `'${op}' has no padding to set`;
  }
  if ((lower === 'batchnorm' || lower === 'batch_norm' || lower === 'bn') && !('bn' in syntax.keys)) {
    return `'${op}' takes no batch norm; add a \`batchnorm\` op after it`;
  }
  return undefined;
}

/** The values a `padding=` takes, for a hint on one it does not (`padding=full`). */
export const PADDING_VALUES_HINT = 'padding is `same` (output size ⌈in / stride⌉) or `valid` (no padding)';
