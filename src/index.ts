/**
 * incep's public API: compile `.incep` specs to a checked IR, build live tfjs models from it,
 * and print diagnostics.
 *
 * ```ts
 * import { compileFile, buildModel, formatDiagnostic } from 'incep';
 * const result = compileFile('specs/inception_v3.incep');
 * if (!result.ok) for (const d of result.diagnostics) console.error(formatDiagnostic(d, { sources: result.sources }));
 * else buildModel(result.ir!).summary();
 * ```
 * @module
 */
export { compile, compileFile } from './compile.js';
export type { CompileOptions, CompileResult } from './compile.js';
export { buildModel } from './backends/tfjs/buildModel.js';
export type { BuildOptions } from './backends/tfjs/buildModel.js';
export { optimizeForInference } from './optimize/optimizeForInference.js';
export { exportOnnx } from './onnx/exportOnnx.js';
export type { ExportOnnxOptions } from './onnx/exportOnnx.js';
export { openOnnxSession } from './onnx/openOnnxSession.js';
export type { OnnxSession, OnnxSessionOptions, OpenOnnxResult } from './onnx/openOnnxSession.js';
export { formatDiagnostic } from './diagnostics/formatDiagnostic.js';
export type { FormatOptions } from './diagnostics/formatDiagnostic.js';
export type { Diagnostic, RelatedInformation, Severity } from './diagnostics/Diagnostic.js';
export type { Position, Span } from './diagnostics/Span.js';
export type * from './ir/ir.js';
export { IR_VERSION, ACTIVATIONS } from './ir/ir.js';
export { toIrJson } from './ir/toIrJson.js';
export type { IRJson, IRJsonSpan } from './ir/IRJson.js';
export { validateIr } from './ir/validateIr.js';
export type { IrValidation } from './ir/validateIr.js';
export { loadModelDir as loadModel } from './runtime/loadModelDir.js';
export { saveModelDir as saveModel } from './runtime/saveModelDir.js';
export { ModelDirError } from './runtime/ModelDirError.js';
export type { ModelDirErrorCode } from './runtime/ModelDirError.js';
export { selectBackend, BACKEND_CHOICES } from './runtime/selectBackend.js';
export { emitTypeScript, GENERATED_MARKER } from './backends/typescript/emitTypeScript.js';
export type { EmitInput, EmitOptions, EmitResult } from './backends/typescript/emitTypeScript.js';
export { loadKerasWeights } from './weights/loadKerasWeights.js';
export type { KerasWeightsOptions, KerasWeightsResult } from './weights/loadKerasWeights.js';
export { loadPretrained } from './weights/loadPretrained.js';
export type { PretrainedResult } from './weights/loadPretrained.js';
export type { BackendChoice, BackendResult } from './runtime/selectBackend.js';
export { train, TrainingDiverged } from './train/trainModel.js';
export type { EpochLog, PartialEpoch, StepLog, TrainOptions, TrainResult } from './train/trainModel.js';
export { evaluateModel as evaluate } from './train/evaluateModel.js';
export type { Evaluation } from './train/evaluateModel.js';
export type { Batch, BatchSource } from './train/Batch.js';
