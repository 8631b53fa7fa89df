import { join } from 'node:path';

import { ModelDirError } from './ModelDirError.js';
import { MODEL_JSON, type ModelDirFs } from './ModelDirFs.js';
import { restoreDepthMultipliers } from './separableDepthMultipliers.js';
import type { IncepModelMarker } from './directoryReader.js';
import { tf } from './tf.js';
import type { IOHandler, ModelArtifacts, ModelJSON, SaveResult, WeightsManifestConfig } from './tf.js';
import { weightDigests } from './weightDigests.js';

/**
 * All weights go in one shard. tfjs-node's `file://` handler does the same;
 * the converter's 4 MB shards exist for browser HTTP caching, and
 * {@link loadModelDir} reads multi-shard manifests anyway.
 */
const WEIGHTS_BIN = 'weights.bin';

/**
 * An IOHandler whose `save` writes `model.json` + `weights.bin` into `dir`
 * (which must exist and be empty) and fsyncs both, so the later rename
 * publishes complete files.
 */
export function directoryWriter(
  fs: ModelDirFs,
  dir: string,
  onWritten: (files: string[]) => void,
  depthMultipliers = new Map<string, number>(),
): IOHandler {
  return {
    async save(artifacts: ModelArtifacts): Promise<SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new ModelDirError('WRITE_FAILED', 'Binary (GraphDef) topologies are not supported; save a LayersModel.');
      }
      restoreDepthMultipliers(artifacts.modelTopology, depthMultipliers);
      const weights =
        artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const weightsManifest: WeightsManifestConfig = [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }];
      const modelJson: ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest,
      };
      if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig;
      if (artifacts.signature != null) modelJson.signature = artifacts.signature;
      if (artifacts.userDefinedMetadata != null) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      if (artifacts.modelInitializer != null) modelJson.modelInitializer = artifacts.modelInitializer;
      if (artifacts.initializerSignature != null) modelJson.initializerSignature = artifacts.initializerSignature;
      // incep's marker: weight digests the reader checks, and the sign that a later save may replace this directory.
      const marker: IncepModelMarker = { sha256: weightDigests(weightsManifest[0]!.weights, new Uint8Array(weights)) };
      const json = { ...modelJson, incep: marker };

      await writeDurably(fs, join(dir, WEIGHTS_BIN), new Uint8Array(weights));
      await writeDurably(fs, join(dir, MODEL_JSON), JSON.stringify(json));
      onWritten([MODEL_JSON, WEIGHTS_BIN]);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

async function writeDurably(fs: ModelDirFs, file: string, data: Uint8Array | string): Promise<void> {
  const handle = await fs.open(file, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
