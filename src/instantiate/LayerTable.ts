import { error, type Diagnostic } from '../diagnostics/Diagnostic.js';
import { DiagnosticStop } from '../diagnostics/DiagnosticStop.js';
import type { Span } from '../diagnostics/Span.js';
import type { IRLayer, LayerScope } from '../ir/ir.js';
import { LIMITS } from '../ops/limits.js';
import { isProblem, type Tensor } from '../ops/OpDef.js';
import { opDef, type Op, type OpAttrs } from '../ops/registry.js';
import { formatShape } from '../ops/types.js';

/** The code of the "spatial size collapses" error, which `compile` completes with the smallest input that works. */
export const COLLAPSE = 'E0503';

/**
 * The layers of one instantiation, in order and by name. Adding a layer is where the shape rule
 * of its op runs and where the model-wide rules hold: unique names, no collapsed spatial size,
 * and the limits on layers, parameters and sizes. A broken rule stops instantiation.
 */
export class LayerTable {
  readonly layers: IRLayer[] = [];
  readonly byName = new Map<string, IRLayer>();
  private paramCount = 0;

  /** Adds one layer of `op`; its shape, params and MACs come from the op's definition. */
  add<K extends Op>(
    op: K,
    name: string,
    attrs: OpAttrs[K],
    inputs: readonly Tensor[],
    span: Span,
    scope: LayerScope,
  ): Tensor {
    const inferred = opDef(op).infer(attrs, inputs);
    if (isProblem(inferred)) stop(error(inferred.code, inferred.message, span, inferred.hint));
    const shape = inferred.shape;
    const x = inputs[0];
    if (x?.shape.length === 3 && shape.length === 3 && (shape[0]! < 1 || shape[1]! < 1)) {
      stop(
        error(
          COLLAPSE,
          `the spatial size collapses at '${name}': ${x.shape[0]}x${x.shape[1]} in, ${shape[0]}x${shape[1]} out`,
          span,
        ),
      );
    }
    const first = this.byName.get(name);
    if (first) {
      const same = first.span.start.offset === span.start.offset && first.span.file === span.file;
      stop(
        same
          ? error(
              'E0303',
              `two layers are named '${name}'`,
              span,
              'this name is made again by a repeat or by another instance of its block; drop the `as` or name the instances apart',
            )
          : error('E0303', `two layers are named '${name}'`, span, 'give one of them another name with `as`', [
              { span: first.span, message: 'the first one is made here' },
            ]),
      );
    }
    if (this.layers.length >= LIMITS.layers) {
      stop(error('E0505', `the model has more than ${LIMITS.layers} layers`, span, 'check the repeat counts'));
    }
    if (this.paramCount + inferred.params.trainable + inferred.params.nonTrainable > LIMITS.params) {
      stop(
        error(
          'E0505',
          `the model has more than ${LIMITS.params.toLocaleString('en-US')} parameters at '${name}'`,
          span,
          'a dense layer on a large flattened map is the usual cause: pool first (`globalavgpool`)',
        ),
      );
    }
    if (!withinLimit(shape)) {
      stop(error('E0505', `'${name}' is too large (${formatShape(shape)})`, span));
    }
    this.push({
      name,
      op,
      attrs,
      inputs: inputs.map((t) => t.layer),
      shape: ([null] as Array<number | null>).concat(shape),
      params: inferred.params,
      macs: inferred.macs,
      span,
      // Shared by the layers of one scope: IR layers are never modified once made.
      scope,
    } as IRLayer);
    return { layer: name, shape };
  }

  /** Adds a layer made elsewhere (the input). */
  push(layer: IRLayer): void {
    this.layers.push(layer);
    this.byName.set(layer.name, layer);
    this.paramCount += layer.params.trainable + layer.params.nonTrainable;
  }

  /** Removes every layer from index `mark` on (an aux head left out); returns them. */
  truncate(mark: number): IRLayer[] {
    const removed = this.layers.splice(mark);
    for (const l of removed) {
      this.byName.delete(l.name);
      this.paramCount -= l.params.trainable + l.params.nonTrainable;
    }
    return removed;
  }
}

/** The largest size of any one dimension. */
const MAX_DIM = LIMITS.side * LIMITS.side * LIMITS.channels;

function withinLimit(shape: readonly number[]): boolean {
  for (const d of shape) if (d > MAX_DIM || !Number.isFinite(d)) return false;
  return true;
}

function stop(d: Diagnostic): never {
  throw new DiagnosticStop(d);
}
