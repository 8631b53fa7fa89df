/**
 * Memory of the image-folder pipeline against the size of the set: one training epoch of
 * `imageBatches` over a folder of 200 JPEGs, then one over a folder of 2,000, in the same process,
 * comparing their peak RSS growth. `imageBatches` decodes a batch only when it comes up, so the
 * peak should be about one batch's working set whatever the size of the set (a ratio near 1x),
 * where a loader that kept the decoded images would need ten times as much for the larger set.
 * Throughput is reported as a ratio too. Nothing here asserts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import jpeg from 'jpeg-js';
import { imageBatches, type ImageBatchOptions } from '../src/data/imageBatches.js';
import { scanImageFolder } from '../src/data/scanImageFolder.js';
import { seededRandom } from '../src/data/seededRandom.js';
import { selectBackend, type BackendChoice } from '../src/runtime/selectBackend.js';
import { tf } from '../src/runtime/tf.js';
import type { BenchReport } from './BenchReport.js';

/** Smaller set first: anything the pipeline kept would then show in the larger set's peak. */
const SIZES = [200, 2000] as const;
const CLASSES = 4;
/**
 * Distinct pictures the folders cycle through: jpeg-js encodes at about 60 ms an image, so 2,200
 * distinct pictures would take minutes to write. Every file is still its own file, read and
 * decoded on its own; the pipeline keeps nothing by content, so repeats cost what new ones would.
 */
const PICTURES = 100;
const OPTIONS: ImageBatchOptions = { batch: 32, height: 299, width: 299, train: true, seed: 0, preprocess: 'tf' };
const MB = 2 ** 20;

/** A folder written for the benchmark, and what holding all its images decoded would take. */
interface Folder {
  count: number;
  dir: string;
  decodedBytes: number;
}

/** Process memory at one moment, in bytes. */
interface Sample {
  rss: number;
  /** V8 heap in use plus memory outside it (Buffers, the wasm backend's heap). */
  js: number;
  tensors: number;
}

/** What one epoch over a folder cost; memory as peak growth over the baseline, in bytes. */
interface EpochMeasure extends Sample {
  files: number;
  images: number;
  skipped: number;
  seconds: number;
}

function sample(): Sample {
  const m = process.memoryUsage();
  return { rss: m.rss, js: m.heapUsed + m.external, tensors: tf.memory().numBytes };
}

/** The size of picture `i`: mostly 320x240, every fourth 500x375 (a common ImageNet / Oxford-IIIT Pet size). */
function sizeOf(i: number): { width: number; height: number } {
  return i % 4 === 3 ? { width: 500, height: 375 } : { width: 320, height: 240 };
}

/**
 * JPEG bytes (quality 90) of picture `i`: a colour gradient, a ripple of random frequency and
 * pixel noise, so the files are photo-sized (tens of KB) rather than the few hundred bytes a flat
 * colour compresses to. Painted into one RGBA buffer per size, reused, so that writing the
 * folders leaves little garbage behind to blur the measurements that follow.
 */
function pictureBytes(i: number, rgba: Map<number, Buffer>): Buffer {
  const { width, height } = sizeOf(i);
  let data = rgba.get(width);
  if (data === undefined) {
    data = Buffer.alloc(width * height * 4);
    rgba.set(width, data);
  }
  const random = seededRandom(7, i);
  const [r0, g0, b0] = [random() * 255, random() * 255, random() * 255];
  const fx = 0.02 + random() * 0.2;
  const fy = 0.02 + random() * 0.2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const ripple = 60 * Math.sin(fx * x + fy * y);
      const noise = (random() - 0.5) * 40;
      const p = 4 * (y * width + x);
      // A Buffer wraps values outside 0-255 (mod 256) rather than clamping: the wraps only add edges.
      data[p] = r0 * (x / width) + ripple + noise;
      data[p + 1] = g0 * (y / height) - ripple + noise;
      data[p + 2] = b0 + noise;
      data[p + 3] = 255;
    }
  }
  return jpeg.encode({ data, width, height }, 90).data;
}

/**
 * Writes one class folder per size below `root`: the JPEGs spread over CLASSES sub-folders, plus
 * one broken file (a JPEG signature followed by garbage) the pipeline must skip.
 */
function writeFolders(root: string): { folders: Folder[]; averageBytes: number } {
  const rgba = new Map<number, Buffer>();
  const pictures = Array.from({ length: PICTURES }, (_, i) => pictureBytes(i, rgba));
  const folders = SIZES.map((count) => {
    const dir = join(root, String(count));
    for (let c = 0; c < CLASSES; c++) mkdirSync(join(dir, `class${c}`), { recursive: true });
    let decodedBytes = 0;
    for (let i = 0; i < count; i++) {
      const picture = i % PICTURES;
      writeFileSync(join(dir, `class${i % CLASSES}`, `${String(i).padStart(5, '0')}.jpg`), pictures[picture]!);
      const { width, height } = sizeOf(picture);
      decodedBytes += width * height * 3;
    }
    writeFileSync(join(dir, 'class0', 'broken.jpg'), Buffer.from([0xff, 0xd8, 0x13, 0x37, 0x00, 0x42, 0xfe]));
    return { count, dir, decodedBytes };
  });
  return { folders, averageBytes: pictures.reduce((s, p) => s + p.length, 0) / PICTURES };
}

/**
 * Reads `dir` through `imageBatches` for one training epoch (or its first `limit` batches),
 * disposing every batch, and reports the peak of each memory measure over `baseline`.
 */
async function epoch(dir: string, baseline: Sample, limit = Infinity): Promise<EpochMeasure> {
  const scanned = await scanImageFolder(dir);
  if (!scanned.ok) throw new Error(`${scanned.message} (${scanned.hint})`);
  const batches = imageBatches(scanned.folder, OPTIONS);
  const peak = { ...baseline };
  let images = 0;
  let steps = 0;
  const t0 = performance.now();
  for await (const { xs, ys } of batches) {
    // Sampled while the batch is alive, as a training step holds it: the pipeline's high mark.
    const now = sample();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.js = Math.max(peak.js, now.js);
    peak.tensors = Math.max(peak.tensors, now.tensors);
    images += xs.shape[0];
    tf.dispose([xs, ys]);
    if (++steps >= limit) break;
  }
  return {
    files: scanned.folder.files.length,
    images,
    skipped: batches.skipped,
    seconds: (performance.now() - t0) / 1000,
    rss: peak.rss - baseline.rss,
    js: peak.js - baseline.js,
    tensors: peak.tensors - baseline.tensors,
  };
}

/**
 * Prints the data-pipeline memory rows of `npm run bench`: for a 200- and a 2,000-image JPEG
 * folder (written to a temporary directory, removed afterwards), one augmented training epoch of
 * `imageBatches` at 299x299, batch 32, on the backend `INCEP_BENCH_BACKEND` selects (default
 * auto): files per second, peak RSS, heap and tensor growth, both peak RSS growths with the growth
 * per extra image (a ratio of growths divides by zero when the small run grows none), and the
 * 2,000 : 200 ratio of images per second.
 */
export async function benchDataMemory(report: BenchReport): Promise<void> {
  const requested = (process.env['INCEP_BENCH_BACKEND'] ?? 'auto') as BackendChoice;
  const selected = await selectBackend(requested);
  if (!selected.ok) throw new Error(selected.message);
  const { batch, height, width } = OPTIONS;
  report.section(
    'Data memory',
    `one augmented epoch of imageBatches over JPEG folders, ${CLASSES} classes, batch ${batch}, ` +
      `${height}x${width}, backend ${selected.backend}`,
  );
  const root = mkdtempSync(join(tmpdir(), 'incep-bench-data-'));
  try {
    const { folders, averageBytes } = writeFolders(root);
    report.line(
      `files: 320x240 and 500x375 JPEGs, ${(averageBytes / 1024).toFixed(0)} KB on average, one broken file a folder`,
    );
    // Writing the folders left garbage (encoder arrays, the pictures' Buffers) that would sit in the
    // baseline and hide the pipeline's heap use; it can only be collected on demand under --expose-gc.
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    report.line(
      `memory: peak growth over the process before the pipeline first ran${gc ? ' (after a forced GC)' : ''}; ` +
        'decoded MB: the whole set decoded',
    );
    // One baseline for both sets, taken before the pipeline ever ran. Measured from just before
    // each epoch instead, the one-time costs (the backend's heap growing to a batch's working
    // set, allocator warm-up) would fall on whichever set came first, and the ratio would compare
    // two small, noisy numbers. With the small set first, anything kept per image shows as extra
    // growth in the large set's peak.
    const baseline = sample();
    // One batch, so the small set's rate does not carry the JIT's and kernels' warm-up.
    await epoch(folders[0]!.dir, baseline, 1);

    const rows: string[][] = [];
    const measures: EpochMeasure[] = [];
    for (const { count, dir, decodedBytes } of folders) {
      const m = await epoch(dir, baseline);
      // Not a timing check: without it the rows would not be measuring what they say.
      if (m.skipped !== 1 || m.images !== count) {
        throw new Error(`expected ${count} images and 1 skipped file, read ${m.images} and skipped ${m.skipped}`);
      }
      measures.push(m);
      rows.push([
        count.toLocaleString('en'),
        (m.files / m.seconds).toFixed(1),
        (m.rss / MB).toFixed(1),
        (m.js / MB).toFixed(1),
        (m.tensors / MB).toFixed(1),
        (decodedBytes / MB).toFixed(0),
      ]);
    }
    report.table(['images', 'files / s', 'RSS MB', 'heap + ext MB', 'tensors MB', 'decoded MB'], rows);
    const [small, large] = measures as [EpochMeasure, EpochMeasure];
    const extraImages = large.images - small.images;
    const perImage = (large.rss - small.rss) / extraImages;
    const decodedPerImage = (folders[1]!.decodedBytes - folders[0]!.decodedBytes) / extraImages;
    report.line(
      `${SIZES[1].toLocaleString('en')} vs ${SIZES[0]} images: peak RSS grew ${(large.rss / MB).toFixed(1)} MB ` +
        `against ${(small.rss / MB).toFixed(1)} MB; ${(perImage / 1024).toFixed(1)} KB more per extra image, ` +
        `against ${(decodedPerImage / 1024).toFixed(0)} KB for keeping it decoded`,
    );
    const rate = (m: EpochMeasure) => m.images / m.seconds;
    report.line(`decode + augment throughput: ${(rate(large) / rate(small)).toFixed(2)}x the images / s`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
