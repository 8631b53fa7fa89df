/**
 * The project's single doorway to TensorFlow.js.
 *
 * Everything else in incep imports `tf` and tfjs types from here, never from
 * `@tensorflow/*` directly. Beyond tidiness this keeps one tfjs-core instance:
 * the optional backends (`@tensorflow/tfjs-node[-gpu]`,
 * `@tensorflow/tfjs-backend-wasm`) `require('@tensorflow/tfjs-core')`, and in
 * Node every @tensorflow package is CommonJS with no `exports` map, so that
 * require and this import land on the same `tfjs-core/dist/tf-core.node.js`.
 * A deep import of tfjs-core's ESM build (`dist/index.js`), or a bundler that
 * resolves `module` for one package and `main` for another, would load a
 * second copy: tfjs keeps its engine on a global and would survive that, but
 * the serialization map (custom layer registry) and `Tensor` class would not
 * be shared, so custom layers would fail to deserialize.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import './patchBatchNormTraining.js'; // lets BatchNormalization train without gamma/beta

export { tf };

export type {
  DataType,
  History,
  InputSpec,
  KernelBackend,
  LayersModel,
  LayerVariable,
  Logs,
  ModelCompileArgs,
  ModelFitArgs,
  NamedTensorMap,
  Rank,
  Scalar,
  Sequential,
  Shape,
  SymbolicTensor,
  Tensor,
  Tensor1D,
  Tensor2D,
  Tensor3D,
  Tensor4D,
  TensorLike,
  Variable,
} from '@tensorflow/tfjs';

// tfjs only exposes these through namespaces (`tf.io.*`, `tf.layers.*`,
// `tf.serialization.*`); flat aliases let callers `import type` them by name.

/** A model save/load handler (`tf.io.IOHandler`). */
export type IOHandler = tf.io.IOHandler;
/** What a LayersModel hands to an IOHandler's `save` (`tf.io.ModelArtifacts`). */
export type ModelArtifacts = tf.io.ModelArtifacts;
/** Summary returned inside a {@link SaveResult} (`tf.io.ModelArtifactsInfo`). */
export type ModelArtifactsInfo = tf.io.ModelArtifactsInfo;
/** The on-disk shape of `model.json` (`tf.io.ModelJSON`). */
export type ModelJSON = tf.io.ModelJSON;
/** Result of `IOHandler.save` (`tf.io.SaveResult`). */
export type SaveResult = tf.io.SaveResult;
/** Weight bytes: one buffer or several concatenated (`tf.io.WeightData`). */
export type WeightData = tf.io.WeightData;
/** `model.json`'s `weightsManifest` (`tf.io.WeightsManifestConfig`). */
export type WeightsManifestConfig = tf.io.WeightsManifestConfig;
/** One weight's name, shape, dtype (`tf.io.WeightsManifestEntry`). */
export type WeightsManifestEntry = tf.io.WeightsManifestEntry;
/** The tfjs Layers base class instance type (`tf.layers.Layer`). */
export type Layer = tf.layers.Layer;
/**
 * Constructor arguments common to every layer (`name`, `inputShape`, `dtype`,
 * `trainable`, …). tfjs does not export `LayerArgs` from its public entry, so
 * it is derived from the `Layer` constructor rather than deep-imported.
 */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
/** The keyword-argument bag passed to `Layer.call` (`training`, `mask`, …). */
export type Kwargs = Parameters<tf.layers.Layer['call']>[1];
/** A serialized layer/object config (`tf.serialization.ConfigDict`). */
export type ConfigDict = tf.serialization.ConfigDict;
