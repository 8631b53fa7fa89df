import { moduleFileName } from '../backends/typescript/moduleFileName.js';
import type { CompileResult } from '../compile.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import type { IRModel } from '../ir/ir.js';
import type { BackendChoice } from '../runtime/selectBackend.js';
import type { CliIO } from './CliIO.js';
import type { CliError } from './printError.js';

/** What `incep compile` hands an emitter. */
export interface EmitRequest {
  ir: IRModel;
  /** The whole successful compilation (AST, program, sources), for emitters that need more than the IR. */
  compiled: CompileResult;
  /** The `--out` directory, absolute. */
  out: string;
  /** `--aux`: include the aux heads. */
  aux: boolean;
  /** `--backend`, already checked against the backend choices (default `auto`). */
  backend: BackendChoice;
  /** `--weights DIR`: a converted Keras model whose weights the tfjs (or ONNX) model gets. */
  weights?: string;
  /** `--optimize`: fold BatchNorm into the convs, fuse activations, drop dropout (tfjs, onnx). */
  optimize?: boolean;
  /** `--tf-module`: the module emitted TypeScript imports tfjs from. */
  tfModule?: string;
  io: Required<CliIO>;
}

/**
 * The files an emitter wrote (absolute paths), or why it could not, with the exit status: an
 * error message, or diagnostics about the spec (printed with their code frames).
 */
export type EmitOutcome =
  | { ok: true; files: string[] }
  | ({ ok: false; exit: number } & CliError)
  | { ok: false; exit: number; diagnostics: Diagnostic[] };

/** One `--emit` format. */
export interface Emitter {
  /** Shown in `incep compile --help`. */
  description: string;
  /**
   * The file it writes in `--out` for a model, when it writes one file named after the model or
   * spec: two specs that would write the same file in one command are refused rather than one
   * silently replacing the other. Absent for formats that take a whole directory (tfjs).
   */
  fileName?(ir: IRModel): string;
  emit(request: EmitRequest): Promise<EmitOutcome>;
}

/**
 * The `--emit` formats, in help order. Emitters are imported when used, so `incep check` never
 * pays for loading TensorFlow.js. A new format is one entry here.
 */
export const EMITTERS: Readonly<Record<string, Emitter>> = {
  tfjs: {
    description: 'a TensorFlow.js Layers model: DIR/model.json + DIR/weights.bin (random weights unless --weights)',
    emit: async (request) => (await import('./emitTfjs.js')).emitTfjs(request),
  },
  ir: {
    description: 'the checked IR as JSON: DIR/<Model>.ir.json',
    fileName: (ir) => `${ir.name}.ir.json`,
    emit: async (request) => (await import('./emitIr.js')).emitIr(request),
  },
  ts: {
    description: 'a TypeScript module exporting create<Model>(options): DIR/<spec>.ts',
    fileName: (ir) => moduleFileName(ir.source),
    emit: async (request) => (await import('./emitTs.js')).emitTs(request),
  },
  onnx: {
    description:
      'an ONNX model (opset 13, NHWC input): DIR/<Model>.onnx (random weights unless --weights; --optimize folds BatchNorm)',
    fileName: (ir) => `${ir.name}.onnx`,
    emit: async (request) => (await import('./emitOnnx.js')).emitOnnx(request),
  },
};
