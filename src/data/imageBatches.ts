import { readRegularFile } from '../files/readRegularFile.js';
import { decodeImage, MAX_IMAGE_FILE_BYTES, type RgbImage } from '../predict/decodeImage.js';
import { tf, type Tensor1D, type Tensor4D } from '../runtime/tf.js';
import type { Batch } from '../train/Batch.js';
import { centralCrop } from './centralCrop.js';
import { cropAndResize } from './cropAndResize.js';
import type { ImageFile, ImageFolder } from './ImageFolder.js';
import { randomResizedCrop } from './randomResizedCrop.js';
import { seededRandom } from './seededRandom.js';
import { shuffled } from './shuffled.js';

/** How `imageBatches` reads a set. */
export interface ImageBatchOptions {
  /** Images per batch; the last batch of an epoch may be smaller. */
  batch: number;
  height: number;
  width: number;
  /** Training augmentation (random-resized crop + flip) when true; the central 87.5% when false. */
  train: boolean;
  /** Seeds the order and the augmentation: same seed and epoch, same batches. */
  seed: number;
  /** Pixel scaling; `'tf'` is Keras's `preprocess_input` for InceptionV3: [0, 255] → [−1, 1]. */
  preprocess?: 'tf';
  /** Reshuffle every epoch; default `train` (evaluation reads the set in its order). */
  shuffle?: boolean;
}

/** A batch as `imageBatches` yields it: float32 images `[B, H, W, 3]`, int32 class indices `[B]`. */
export interface ImageBatch extends Batch {
  xs: Tensor4D;
  ys: Tensor1D;
}

/** A file that could not be read or decoded, and why. */
export interface SkippedFile {
  path: string;
  message: string;
}

/** Part of the TF-slim Inception eval preprocessing: keep the central 87.5% before resizing. */
const EVAL_FRACTION = 0.875;

/**
 * A set read batch by batch, afresh on every iteration (one iteration = one epoch). Only the
 * batch being built is in memory: its files are read, decoded, cropped and resized when it comes
 * up, and the tensors yielded belong to the consumer, who disposes them. Files that cannot be
 * read or decoded are skipped (and not read again), counted in `skipped`.
 */
export class ImageBatches implements AsyncIterable<ImageBatch> {
  /** The epoch the next `for await` will read (0-based); set it to resume a run. */
  epoch = 0;
  /**
   * Where in its order the next `for await` starts (a `position` a batch reported): set it with
   * `epoch` to resume a run stopped mid-epoch. Later epochs start from the beginning.
   */
  position = 0;
  private readonly bad = new Map<string, string>();

  constructor(
    readonly folder: ImageFolder,
    readonly options: ImageBatchOptions,
  ) {
    for (const key of ['batch', 'height', 'width'] as const) {
      const v = options[key];
      // Programmer error, not user input: the command line checks its numbers before this.
      if (!Number.isInteger(v) || v < 1)
        throw new RangeError(`imageBatches: ${key} must be a positive integer, not ${v}`);
    }
  }

  /** How many distinct files have been skipped so far. */
  get skipped(): number {
    return this.bad.size;
  }

  /** The skipped files and why, in the order they were met. */
  get skippedFiles(): SkippedFile[] {
    return [...this.bad].map(([path, message]) => ({ path, message }));
  }

  /** Batches per epoch, as far as is known (files found broken so far do not count). */
  get steps(): number {
    return Math.ceil((this.folder.files.length - this.bad.size) / this.options.batch);
  }

  [Symbol.asyncIterator](): AsyncIterator<ImageBatch> {
    const from = this.position;
    this.position = 0;
    return this.batches(this.epoch++, from);
  }

  /**
   * The batches of one epoch from position `from` of its order; the order and the crops depend
   * only on the seed and `epoch`, so a resumed epoch goes on with the batches it would have had.
   */
  async *batches(epoch: number, from = 0): AsyncGenerator<ImageBatch> {
    const { batch, seed } = this.options;
    const indices = this.folder.files.map((_, i) => i);
    const order =
      (this.options.shuffle ?? this.options.train) ? shuffled(indices, seededRandom(seed, 1, epoch)) : indices;
    let next = from;
    while (next < order.length) {
      const images: Array<{ index: number; image: RgbImage }> = [];
      // Top up from the following files when some fail, so only the epoch's last batch is short.
      while (images.length < batch && next < order.length) {
        const chunk = order.slice(next, next + batch - images.length);
        next += chunk.length;
        const loaded = await Promise.all(chunk.map((i) => this.load(this.folder.files[i]!)));
        loaded.forEach((image, k) => image && images.push({ index: chunk[k]!, image }));
      }
      if (images.length === 0) return;
      yield { ...this.toBatch(images, epoch), position: next };
    }
  }

  private toBatch(images: Array<{ index: number; image: RgbImage }>, epoch: number): ImageBatch {
    const { height, width, train, seed } = this.options;
    return tf.tidy(() => {
      const pixels = images.map(({ index, image }) => {
        if (!train) return cropAndResize(image, centralCrop(image.height, image.width, EVAL_FRACTION), height, width);
        // One stream per (epoch, file): a sample's crop does not depend on its batch or neighbours.
        const random = seededRandom(seed, 2, epoch, index);
        const box = randomResizedCrop(image.height, image.width, random);
        return cropAndResize(image, box, height, width, random() < 0.5);
      });
      const xs = tf.sub<Tensor4D>(tf.div(tf.stack(pixels), 127.5), 1);
      const ys = tf.tensor1d(
        images.map(({ index }) => this.folder.files[index]!.label),
        'int32',
      );
      return { xs, ys };
    });
  }

  /** The file's pixels, or undefined (and remembered) when it cannot be read or decoded. */
  private async load(file: ImageFile): Promise<RgbImage | undefined> {
    if (file.image) return file.image;
    if (this.bad.has(file.path)) return undefined;
    let message: string;
    const read = await readRegularFile(file.path, MAX_IMAGE_FILE_BYTES);
    if (read.ok) {
      const decoded = decodeImage(read.bytes);
      if (decoded.ok) return decoded.image;
      message = decoded.message;
    } else {
      message = `cannot read the file: ${read.cause instanceof Error ? read.cause.message : read.message}`;
    }
    this.bad.set(file.path, message);
    return undefined;
  }
}

/**
 * Streams a labelled image set (a scanned folder or a generated one) as training or evaluation
 * batches, Inception-style. Training: order reshuffled every epoch from `seed` + epoch, each image
 * cropped as torchvision's `RandomResizedCrop` (8%–100% of the area, aspect 3/4–4/3), resized
 * bilinearly to `height × width` and mirrored with p = 0.5. Evaluation: the central 87.5%
 * (TF-slim's `central_fraction`) resized. Grey and RGBA images come out RGB; pixels are scaled to
 * [−1, 1]. Iterate it once per epoch; dispose every batch.
 */
export function imageBatches(folder: ImageFolder, options: ImageBatchOptions): ImageBatches {
  return new ImageBatches(folder, options);
}
