/**
 * The browser demo: classify an image with an incep model in the page.
 *
 * By default the network is InceptionV3 built from its generated module (`compiled/`), with random
 * weights; `?model=URL` loads a saved model directory's `model.json` instead (`incep compile
 * --emit tfjs`). tfjs runs on WebGL when the browser offers it, else on WebAssembly;
 * `?backend=wasm` (or `webgl`, `cpu`) picks one. Images are prepared as `incep predict` prepares them
 * for Keras weights (`classifyImages`): resized whole to the model input, scaled to [−1, 1].
 * `npm run demo` bundles this file and serves it.
 * @module
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { tf, type LayersModel, type Tensor } from 'incep/runtime';

import { createInceptionV3 } from '../../compiled/inception_v3.js';
import { classifyImages } from '../../src/predict/classifyImages.js';
import type { RgbImage } from '../../src/predict/decodeImage.js';
import { imagenetClasses } from '../../src/predict/imagenetClasses.js';

const params = new URLSearchParams(location.search);
const modelUrl = params.get('model');
const backendChoice = params.get('backend');

/** The page's elements (see index.html). */
const byId = (id: string) => document.getElementById(id)!;
const page = {
  status: byId('status'),
  notice: byId('notice'),
  drop: byId('drop'),
  file: byId('file') as HTMLInputElement,
  result: byId('result'),
  preview: byId('preview') as HTMLImageElement,
  predictions: byId('predictions'),
  time: byId('time'),
  backend: byId('backend'),
};

/** Reports progress; `body[data-state]` lets the page's CSS (and its test) follow along. */
function show(state: 'loading' | 'ready' | 'busy' | 'done' | 'error', message: string): void {
  document.body.dataset['state'] = state;
  page.status.textContent = message;
}

/** Starts the first backend that works; returns its name. */
async function startBackend(): Promise<string | undefined> {
  // The .wasm binaries are served next to this bundle (the build copies them).
  setWasmPaths(new URL('./', import.meta.url).href);
  for (const name of backendChoice === null ? ['webgl', 'wasm'] : [backendChoice]) {
    // setBackend resolves to false (after a console warning) when the backend cannot start.
    if (await tf.setBackend(name).catch(() => false)) return name;
  }
  return undefined;
}

/** The saved model at `?model=URL`, else InceptionV3 with random weights. */
async function loadModel(): Promise<LayersModel> {
  if (modelUrl !== null) return tf.loadLayersModel(modelUrl);
  page.notice.hidden = false;
  return createInceptionV3();
}

/** Runs the model once, so shader compilation and memory set-up are not billed to the first image. */
async function warmUp(model: LayersModel): Promise<void> {
  const [, height, width, channels] = model.inputs[0]!.shape as number[];
  const input = tf.zeros([1, height!, width!, channels!]);
  const output = model.predict(input) as Tensor;
  await output.data();
  tf.dispose([input, output]);
}

/** The pixels of an image file as RGB, the layout `classifyImages` takes. */
async function readImage(file: Blob): Promise<RgbImage> {
  const bitmap = await createImageBitmap(file);
  const { width, height } = bitmap;
  const context = new OffscreenCanvas(width, height).getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = context.getImageData(0, 0, width, height).data;
  const data = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    data[j] = rgba[i]!;
    data[j + 1] = rgba[i + 1]!;
    data[j + 2] = rgba[i + 2]!;
  }
  return { width, height, data };
}

/** Classifies one image file and shows its top 5 classes and the time it took. */
async function classify(model: LayersModel, labels: readonly string[], file: File): Promise<void> {
  show('busy', `Classifying ${file.name}…`);
  const image = await readImage(file).catch(() => undefined);
  if (image === undefined) {
    show('error', `${file.name} is not an image this browser can read. Try a JPEG or PNG.`);
    return;
  }
  const start = performance.now();
  const [top5] = await classifyImages(model, [image], labels, 5);
  const milliseconds = performance.now() - start;

  URL.revokeObjectURL(page.preview.src);
  page.preview.src = URL.createObjectURL(file);
  page.predictions.replaceChildren(
    ...top5!.map((p) => {
      const row = document.createElement('tr');
      const bar = Object.assign(document.createElement('meter'), { value: p.probability });
      for (const content of [p.label, bar, `${(p.probability * 100).toFixed(2)}%`]) {
        row.insertCell().append(content);
      }
      return row;
    }),
  );
  page.time.textContent = `${milliseconds.toFixed(0)} ms`;
  page.backend.textContent = tf.getBackend();
  page.result.hidden = false;
  show('done', `${file.name}: done. Drop another image to classify it.`);
}

async function main(): Promise<void> {
  const backend = await startBackend();
  if (backend === undefined) {
    show('error', `TensorFlow.js could not start the ${backendChoice ?? 'webgl or wasm'} backend in this browser.`);
    return;
  }
  show('loading', modelUrl === null ? 'Building InceptionV3 with random weights…' : `Loading ${modelUrl}…`);
  const model = await loadModel().catch((error: unknown) => {
    show('error', `Could not load the model from ${modelUrl ?? 'compiled/'}: ${String(error)}`);
  });
  if (model === undefined) return;
  await warmUp(model);
  const classes = model.outputs[0]!.shape[1];
  // Any other classifier gets "class N" labels (rankClasses's fallback).
  const labels = classes === imagenetClasses.length ? imagenetClasses : [];
  show('ready', `${model.name} is ready on ${backend}. Drop an image to classify it.`);

  // One image at a time, in the order they arrive.
  let queue = Promise.resolve();
  const enqueue = (file: File | undefined) => {
    if (file === undefined) return;
    queue = queue.then(() => classify(model, labels, file)).catch(stopped);
  };
  page.file.addEventListener('change', () => enqueue(page.file.files?.[0]));
  const { drop } = page;
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    enqueue(event.dataTransfer?.files[0]);
  });
}

/** Shows what went wrong where a stack trace would otherwise go unseen in the console. */
function stopped(error: unknown): void {
  show('error', `Something went wrong: ${error instanceof Error ? error.message : String(error)}`);
}

main().catch(stopped);
