import type { IRModel } from '../../ir/ir.js';
import type { LineWriter } from './LineWriter.js';
import { stringLiteral, templateText } from './tsText.js';

/** What the create function needs besides the printed network. */
export interface CreateFunction {
  ir: IRModel;
  name: string;
  meta: string;
  min: [number, number];
  /** Undefined with aux heads: they fit no input. */
  minAux: [number, number] | undefined;
  /** Each aux head's function and the layer it taps. */
  taps: Array<{ fn: string; tap: string }>;
  /** The stem, body and (guarded) head, ending with `features` and `x`. */
  body: string;
}

/**
 * `create<Model>(options)`: checks the options against what the spec allows (with the reason),
 * builds the network, then the outputs — the head, or the features (pooled as Keras's `pooling`
 * asks), and the aux heads with `aux: true`, each found by the layer it taps.
 */
export function printCreateFunction(w: LineWriter, f: CreateFunction): void {
  const { ir, name, meta, min, minAux } = f;
  const model = ir.name;
  w.line('/**');
  w.line(` * Builds ${model}: the inference graph by default, the aux heads too with \`aux: true\`.`);
  w.line(
    ` * Throws for options outside what the spec allows (an input below ${min[0]}x${min[1]}, a width outside (0, 4]).`,
  );
  w.line(' */');
  w.block(`export function create${name}(options: Create${name}Options = {}): tf.LayersModel {`, () => {
    w.line(`const [height, width, depth] = options.inputShape ?? ${meta}.inputShape;`);
    w.line(`const b = new Build({ classes: options.classes ?? ${meta}.classes, width: options.width ?? 1 });`);
    w.line(
      `if (height < ${min[0]} || width < ${min[1]}) throw new Error(\`${templateText(model)} needs an input of at least ${min[0]}x${min[1]}, got \${height}x\${width}\`);`,
    );
    if (f.taps.length > 0) {
      if (minAux) {
        w.line(
          `if (options.aux && (height < ${minAux[0]} || width < ${minAux[1]})) throw new Error(\`the aux heads of ${templateText(model)} need an input of at least ${minAux[0]}x${minAux[1]}, got \${height}x\${width}\`);`,
        );
      } else {
        w.line(`if (options.aux) throw new Error(${stringLiteral(`the aux heads of ${model} fit no input size`)});`);
      }
    }
    w.line(`const input = tf.input({ shape: [height, width, depth], name: ${stringLiteral(ir.layers[0]!.name)} });`);
    w.line('let x: T = input;');
    for (const l of f.body.trimEnd().split('\n')) w.line(l);
    w.line('const top = options.includeTop === false ? b.pooled(features, options.pooling) : x;');
    w.line('const outputs: T[] = [top];');
    if (f.taps.length > 0) {
      w.block('if (options.aux) {', () => {
        for (const { fn, tap } of f.taps)
          w.line(`outputs.push(${fn}(b, b.layerOutput([x, ...outputs], ${stringLiteral(tap)})));`);
      });
    }
    w.line(`return tf.model({ inputs: input, outputs, name: ${stringLiteral(model)} });`);
  });
}
