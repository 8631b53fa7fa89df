import { tf } from '../tf.js';
import type { ConfigDict, Kwargs, LayerArgs, Shape, Tensor } from '../tf.js';

/** Constructor arguments of {@link ScaledAdd}. */
export interface ScaledAddArgs extends LayerArgs {
  /** Multiplier applied to the residual branch before it is added. */
  scale: number;
}

/**
 * Residual merge with scaling: `output = shortcut + scale * residual`.
 *
 * This is Keras's `CustomScaleLayer` / the `Lambda(lambda x, scale: x[0] +
 * x[1] * scale)` used by Inception-ResNet, which damps each residual branch
 * (0.17, 0.1, 0.2 in v2) so very deep stacks stay trainable. A plain `Add`
 * cannot express the scale, and a `Lambda` does not serialize in tfjs, hence a
 * registered layer.
 *
 * Inputs are `[shortcut, residual]` with identical shapes; no broadcasting,
 * because a mismatch here always means a wrong graph rather than an intended
 * broadcast. Shape errors are thrown (tfjs's layer API has no other channel);
 * the compiler validates shapes earlier, so they indicate a compiler bug or
 * hand-written misuse.
 */
export class ScaledAdd extends tf.layers.Layer {
  /** Serialization name; stored as `class_name` in `model.json`. */
  static readonly className = 'ScaledAdd';

  /** Multiplier applied to the residual input. */
  readonly scale: number;

  constructor(args: ScaledAddArgs) {
    super(args);
    if (typeof args.scale !== 'number' || !Number.isFinite(args.scale)) {
      throw new Error(`ScaledAdd: 'scale' must be a finite number, got ${String(args.scale)}`);
    }
    this.scale = args.scale;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [shortcut, residual] = this.pairOfShapes(inputShape);
    // A null (unknown) dimension on one side is filled from the other, so the
    // output keeps whatever is statically known.
    return shortcut.map((dim, i) => dim ?? residual[i] ?? null);
  }

  override call(inputs: Tensor | Tensor[], _kwargs: Kwargs): Tensor {
    return tf.tidy(() => {
      if (!Array.isArray(inputs) || inputs.length !== 2) {
        throw new Error(
          `${this.describe()} expects exactly 2 inputs [shortcut, residual], got ` +
            (Array.isArray(inputs) ? `${inputs.length}` : 'a single input'),
        );
      }
      const [shortcut, residual] = inputs as [Tensor, Tensor];
      // Eager calls skip computeOutputShape, so check the concrete shapes too.
      this.pairOfShapes([shortcut.shape, residual.shape]);
      return tf.add(shortcut, tf.mul(residual, this.scale));
    });
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), scale: this.scale };
  }

  private pairOfShapes(inputShape: Shape | Shape[]): [Shape, Shape] {
    if (!isShapeList(inputShape) || inputShape.length !== 2) {
      throw new Error(
        `${this.describe()} expects exactly 2 inputs [shortcut, residual], got ` +
          (isShapeList(inputShape) ? `${inputShape.length}` : 'a single input'),
      );
    }
    const [shortcut, residual] = inputShape as [Shape, Shape];
    const compatible =
      shortcut.length === residual.length &&
      shortcut.every((dim, i) => dim === null || residual[i] === null || dim === residual[i]);
    if (!compatible) {
      throw new Error(
        `${this.describe()}: shortcut shape ${showShape(shortcut)} and residual shape ` +
          `${showShape(residual)} must be identical (residual scaling does not broadcast)`,
      );
    }
    return [shortcut, residual];
  }

  private describe(): string {
    return `ScaledAdd layer '${this.name}'`;
  }
}

function isShapeList(shape: Shape | Shape[]): shape is Shape[] {
  return shape.length > 0 && shape.every((item) => Array.isArray(item));
}

function showShape(shape: Shape): string {
  return `[${shape.map((dim) => (dim === null ? 'null' : String(dim))).join(', ')}]`;
}

tf.serialization.registerClass(ScaledAdd);
