import { error, type Diagnostic } from '../diagnostics/Diagnostic.js';
import { didYouMean } from '../diagnostics/didYouMean.js';
import type { IRTrain } from '../ir/ir.js';
import type * as A from '../syntax/ast.js';
import { arithmetic } from './arithmetic.js';

const OPTIMIZERS: Record<string, string[]> = {
  sgd: ['lr'],
  momentum: ['lr', 'momentum', 'nesterov'],
  rmsprop: ['lr', 'rho', 'momentum', 'epsilon', 'centered'],
  adam: ['lr', 'beta1', 'beta2', 'epsilon'],
  adamw: ['lr', 'beta1', 'beta2', 'epsilon', 'weight_decay'],
};
/** Options that are `true` or `false`. */
const FLAGS: ReadonlySet<string> = new Set(['staircase', 'nesterov', 'centered']);
const SCHEDULES: Record<string, string[]> = {
  constant: [],
  exponential: ['rate', 'every', 'staircase'],
  step: ['rate', 'every'],
  cosine: ['epochs', 'min_lr'],
};
const SCALARS: Record<string, keyof IRTrain> = {
  clipnorm: 'clipnorm',
  label_smoothing: 'labelSmoothing',
  weight_decay: 'weightDecay',
  epochs: 'epochs',
  batch: 'batchSize',
};
/** Keys that are not plain numbers. */
const OTHER_KEYS = ['optimizer', 'schedule', 'warmup', 'freeze'];

/**
 * Checks the `train` section and turns it into the IR's training recipe: an optimizer, an LR
 * schedule, gradient clipping, label smoothing and the like. A later backend compiles it into a
 * training loop; here every key, option and unit is validated with suggestions.
 */
export function elaborateTrain(
  decl: A.TrainDecl,
): { ok: true; train: IRTrain } | { ok: false; diagnostic: Diagnostic } {
  const train: IRTrain = { span: decl.span };
  const fail = (d: Diagnostic) => ({ ok: false as const, diagnostic: d });
  const seen = new Map<string, A.TrainItem>();
  for (const item of decl.items) {
    const key = item.key.name;
    const first = seen.get(key);
    if (first)
      return fail(
        error('E0303', `'${key}' is given twice`, item.key.span, 'keep one of them', [
          { span: first.key.span, message: 'first given here' },
        ]),
      );
    seen.set(key, item);
    if (key === 'optimizer' || key === 'schedule') {
      const table = key === 'optimizer' ? OPTIMIZERS : SCHEDULES;
      const call = item.args[0];
      if (call?.kind !== 'Word' || item.args.length > 1) {
        return fail(
          error(
            'E0404',
            `'${key}' takes one ${key} such as ${key === 'optimizer' ? 'rmsprop(lr=0.045)' : 'exponential(rate=0.94, every=2 epochs)'}`,
            item.span,
          ),
        );
      }
      const name = call.name.name;
      const allowed = table[name];
      if (!allowed)
        return fail(
          error(
            'E0405',
            `unknown ${key} '${name}'`,
            call.name.span,
            didYouMean(name, Object.keys(table)) ?? `known: ${Object.keys(table).join(', ')}`,
          ),
        );
      const options: Record<string, number> = {};
      const flags: Record<string, boolean> = {};
      let every: { value: number; unit: 'epochs' | 'steps' } | undefined;
      for (const arg of call.args ?? []) {
        if (arg.kind !== 'Keyword')
          return fail(
            error(
              'E0404',
              `${key} options are written key=value`,
              arg.span,
              `${name} takes ${allowed.join(', ') || 'no options'}`,
            ),
          );
        const opt = arg.key.name;
        if (!allowed.includes(opt)) {
          // Keras's SGD takes a momentum; here that is its own optimizer.
          const hint =
            name === 'sgd' && (opt === 'momentum' || opt === 'nesterov')
              ? 'momentum is its own optimizer: `momentum(lr=0.1, momentum=0.9)`'
              : (didYouMean(opt, allowed) ?? `${name} takes ${allowed.join(', ') || 'no options'}`);
          return fail(error('E0405', `${key} '${name}' has no option '${opt}'`, arg.key.span, hint));
        }
        if (FLAGS.has(opt)) {
          const flag = arg.value.kind === 'Name' ? arg.value.name : undefined;
          if (flag !== 'true' && flag !== 'false')
            return fail(error('E0404', `'${opt}' expects true or false`, arg.value.span));
          flags[opt] = flag === 'true';
          continue;
        }
        const value = numberOf(arg.value);
        if (value === undefined || !Number.isFinite(value) || value < 0)
          return fail(error('E0404', `'${opt}' expects a finite number of 0 or more`, arg.value.span));
        if (opt === 'every') {
          // A decay every 0 steps divides by zero in the schedule.
          if (value === 0)
            return fail(error('E0404', "'every' must be above 0", arg.value.span, 'e.g. every=2 epochs'));
          const span = withUnit(value, arg.unit);
          if (!span.ok) return fail(span.diagnostic);
          every = span.value;
        } else {
          if (arg.unit) return fail(error('E0404', `'${opt}' takes no unit`, arg.unit.span));
          options[opt] = value;
        }
      }
      if (key === 'optimizer') {
        train.optimizer = {
          name: name as NonNullable<IRTrain['optimizer']>['name'],
          options,
          ...(Object.keys(flags).length > 0 ? { flags } : {}),
        };
      } else {
        train.schedule = {
          name: name as NonNullable<IRTrain['schedule']>['name'],
          options,
          ...(flags['staircase'] !== undefined ? { staircase: flags['staircase'] } : {}),
          ...(every ? { every } : {}),
        };
      }
      continue;
    }
    if (key === 'warmup') {
      // `warmup 2 epochs` reads as a number and a word.
      const [arg, word, ...rest] = item.args;
      const unit = word?.kind === 'Word' && !word.args ? word.name : undefined;
      const value =
        arg?.kind === 'Positional' && rest.length === 0 && (!word || unit) ? numberOf(arg.value) : undefined;
      if (value === undefined || !Number.isFinite(value) || value < 0)
        return fail(
          error('E0404', "'warmup' takes a length such as `warmup 2 epochs` or `warmup 500 steps`", item.span),
        );
      const span = withUnit(value, unit ?? (arg as A.PositionalArg).unit);
      if (!span.ok) return fail(span.diagnostic);
      train.warmup = span.value;
      continue;
    }
    if (key === 'freeze') {
      const arg = item.args[0];
      if (arg?.kind !== 'Word' || arg.args || item.args.length > 1)
        return fail(error('E0404', "'freeze' takes the instance to freeze up to, e.g. `freeze mixed7`", item.span));
      train.freeze = { name: arg.name.name, span: arg.span };
      continue;
    }
    const field = SCALARS[key];
    if (!field)
      return fail(
        error(
          'E0405',
          `unknown training setting '${key}'`,
          item.key.span,
          didYouMean(key, [...Object.keys(SCALARS), ...OTHER_KEYS]),
        ),
      );
    const arg = item.args[0];
    const value = arg?.kind === 'Positional' && item.args.length === 1 ? numberOf(arg.value) : undefined;
    if (value === undefined || !Number.isFinite(value) || value < 0)
      return fail(error('E0404', `'${key}' takes one finite, non-negative number`, item.span));
    if ((field === 'epochs' || field === 'batchSize') && !Number.isInteger(value))
      return fail(error('E0404', `'${key}' takes an integer`, item.span));
    if (field === 'labelSmoothing' && value >= 1)
      return fail(error('E0404', `label smoothing is below 1, found ${value}`, item.span));
    (train as unknown as Record<string, number>)[field] = value;
  }
  return { ok: true, train };
}

/** A length in epochs (the default) or steps. */
function withUnit(
  value: number,
  unit: A.Ident | undefined,
): { ok: true; value: { value: number; unit: 'epochs' | 'steps' } } | { ok: false; diagnostic: Diagnostic } {
  const name = unit?.name ?? 'epochs';
  if (name === 'epochs' || name === 'steps') return { ok: true, value: { value, unit: name } };
  return {
    ok: false,
    diagnostic: error(
      'E0405',
      `unknown unit '${name}'`,
      unit!.span,
      didYouMean(name, ['epochs', 'steps']) ?? 'write epochs or steps',
    ),
  };
}

/** A constant number: a literal, or arithmetic and negation over literals. */
function numberOf(value: A.Value): number | undefined {
  switch (value.kind) {
    case 'Number':
      return value.value;
    case 'Unary': {
      const v = numberOf(value.operand);
      return v === undefined ? undefined : -v;
    }
    case 'Binary': {
      const a = numberOf(value.left);
      const b = numberOf(value.right);
      if (a === undefined || b === undefined) return undefined;
      const r = arithmetic(value.op, a, b);
      return typeof r === 'number' ? r : undefined;
    }
    default:
      return undefined;
  }
}
