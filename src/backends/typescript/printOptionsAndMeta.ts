import type { IRModel } from '../../ir/ir.js';
import type { LineWriter } from './LineWriter.js';
import { stringLiteral } from './tsText.js';

/** What the options interface and the metadata constant of a generated module say. */
export interface ModuleFacts {
  ir: IRModel;
  /** `InceptionV3` (the create function's suffix). */
  name: string;
  /** `INCEPTION_V3` (the metadata constant). */
  meta: string;
  /** The smallest height and width, without and with the aux heads. */
  min: [number, number];
  minAux: [number, number] | undefined;
  hasAux: boolean;
  specSha256: string;
}

/** `Create…Options` and the metadata constant: the default build as the compiler counted it. */
export function printOptionsAndMeta(w: LineWriter, f: ModuleFacts): void {
  const { ir, name, meta, min, minAux } = f;
  w.line(`/** Options of \`create${name}\`; every field is optional. */`);
  w.block(`export interface Create${name}Options {`, () => {
    w.line(`/** Classes of the classifier and aux heads (default ${ir.classes}). */`);
    w.line('classes?: number;');
    w.line(`/** Height, width, channels (default [${ir.input.join(', ')}]; at least ${min[0]}x${min[1]}). */`);
    w.line('inputShape?: [number, number, number];');
    w.line(`/** Keep the head (default true); without it the model ends at \`${ir.outputs.features}\`. */`);
    w.line('includeTop?: boolean;');
    w.line("/** Without the head: pool the feature map to a vector, as Keras's `pooling` (default none). */");
    w.line('pooling?: "avg" | "max";');
    if (f.hasAux) {
      w.line(
        `/** Add the aux heads as extra outputs, for training (default false)${minAux ? `; they need at least ${minAux[0]}x${minAux[1]}` : ''}. */`,
      );
      w.line('aux?: boolean;');
    }
    w.line(
      '/** Multiplies every conv filter count, rounded as TF-slim: max(floor(f × width), min(f, 16)) (default 1). */',
    );
    w.line('width?: number;');
  });
  w.line();
  w.line(`/** The default build of ${ir.name}, as the compiler counted it. */`);
  w.block(
    `export const ${meta} = {`,
    () => {
      w.line(`name: ${stringLiteral(ir.name)},`);
      w.line(`spec: ${stringLiteral(ir.source)},`);
      w.line('/** SHA-256 of the spec and the files it imports; the staleness test compares it. */');
      w.line(`specSha256: ${stringLiteral(f.specSha256)},`);
      w.line(`inputShape: [${ir.input.join(', ')}],`);
      w.line(`classes: ${ir.classes},`);
      w.line(`minInput: [${min.join(', ')}],`);
      const t = ir.totals.inference;
      w.line(
        `params: { total: ${t.params.total}, trainable: ${t.params.trainable}, nonTrainable: ${t.params.nonTrainable} },`,
      );
      w.line(`paramsWithAux: ${ir.totals.withAux.params.total},`);
      w.line('/** Multiply-accumulates of conv and dense layers, one image. */');
      w.line(`macs: ${t.macs},`);
      w.line(`layers: ${ir.layers.filter((l) => l.scope.section !== 'aux').length},`);
    },
    '} as const;',
  );
}
