import * as tf from '@tensorflow/tfjs';

/**
 * Model artifacts in the standard tfjs layers format: a `model.json` (topology, weight
 * manifest, and our metadata under `userDefinedMetadata`) and one `weights.bin`. The same
 * files load in Node (from memory) and in a browser (`tf.loadLayersModel(url)`), so the agent
 * and every visitor run literally the same weights.
 */
export const WEIGHTS_FILE = 'weights.bin';

export type ModelJson = {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  userDefinedMetadata?: Record<string, unknown>;
};

/** Serialises a model (and metadata saved beside its weights) without touching any file system. */
export async function captureModel(
  model: tf.LayersModel,
  metadata: Record<string, unknown>,
): Promise<{ modelJson: ModelJson; weights: Uint8Array }> {
  let captured: tf.io.ModelArtifacts | undefined;
  model.setUserDefinedMetadata(metadata);
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  if (!captured?.weightSpecs || !captured.weightData || !captured.modelTopology) {
    throw new Error('captureModel: the model produced no weights');
  }
  const data = captured.weightData;
  const weights = new Uint8Array(
    Array.isArray(data) ? (tf.io.concatenateArrayBuffers(data) as ArrayBuffer) : (data as ArrayBuffer),
  );
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
      convertedBy: null,
      modelTopology: captured.modelTopology as object,
      weightsManifest: [{ paths: [WEIGHTS_FILE], weights: captured.weightSpecs }],
      userDefinedMetadata: metadata,
    },
    weights,
  };
}

/** Loads a model from a parsed model.json and its weight bytes (Node, tests, web workers). */
export async function modelFromMemory(modelJson: ModelJson, weights: Uint8Array): Promise<tf.LayersModel> {
  const buffer = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((g) => g.weights),
      weightData: buffer,
      userDefinedMetadata: modelJson.userDefinedMetadata,
    }),
  );
}

/** Where an artifact comes from: a URL of its model.json (browser) or bytes in memory. */
export type ArtifactSource = string | { modelJson: ModelJson; weights: Uint8Array };

export async function loadLayersModelFrom(source: ArtifactSource): Promise<tf.LayersModel> {
  return typeof source === 'string' ? tf.loadLayersModel(source) : modelFromMemory(source.modelJson, source.weights);
}

/** The manifest `public/models/index.json`: the current version of each model. */
export type ModelIndex = {
  models: Record<string, { version: string; path: string; hash: string; createdBy: string }>;
};
