import type { IRTrain } from '../ir/ir.js';

/**
 * The training recipe as the spec's `train { … }` block writes it (`optimizer rmsprop(lr=0.045,
 * rho=0.9, epsilon=1)`, one setting a line), so the summary reads like the spec it came from.
 */
export function formatTrainRecipe(train: Omit<IRTrain, 'span'>): string[] {
  const call = (name: string, options: Record<string, number>, extra: string[] = []) => {
    const args = [...Object.entries(options).map(([k, v]) => `${k}=${v}`), ...extra];
    return args.length > 0 ? `${name}(${args.join(', ')})` : name;
  };
  const lines: string[] = [];
  if (train.optimizer) {
    const flags = Object.entries(train.optimizer.flags ?? {}).map(([k, v]) => `${k}=${v}`);
    lines.push(`optimizer ${call(train.optimizer.name, train.optimizer.options, flags)}`);
  }
  if (train.schedule) {
    const extra = [
      ...(train.schedule.every ? [`every=${train.schedule.every.value} ${train.schedule.every.unit}`] : []),
      ...(train.schedule.staircase ? ['staircase=true'] : []),
    ];
    lines.push(`schedule ${call(train.schedule.name, train.schedule.options, extra)}`);
  }
  if (train.warmup) lines.push(`warmup ${train.warmup.value} ${train.warmup.unit}`);
  if (train.clipnorm !== undefined) lines.push(`clipnorm ${train.clipnorm}`);
  if (train.labelSmoothing !== undefined) lines.push(`label_smoothing ${train.labelSmoothing}`);
  if (train.weightDecay !== undefined) lines.push(`weight_decay ${train.weightDecay}`);
  if (train.epochs !== undefined) lines.push(`epochs ${train.epochs}`);
  if (train.batchSize !== undefined) lines.push(`batch ${train.batchSize}`);
  if (train.freeze) lines.push(`freeze ${train.freeze.name}`);
  return lines;
}
