import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import * as nodeFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { LocalResponseNorm } from '../../src/runtime/layers/LocalResponseNorm.js';
import { ScaledAdd } from '../../src/runtime/layers/ScaledAdd.js';
import { loadModelDir } from '../../src/runtime/loadModelDir.js';
import { ModelDirError } from '../../src/runtime/ModelDirError.js';
import { saveModelDir } from '../../src/runtime/saveModelDir.js';
import type { ModelDirErrorCode } from '../../src/runtime/ModelDirError.js';
import type { ModelDirFs } from '../../src/runtime/ModelDirFs.js';
import { selectBackend } from '../../src/runtime/selectBackend.js';
import { tf } from '../../src/runtime/tf.js';
import type { LayersModel, SymbolicTensor, Tensor } from '../../src/runtime/tf.js';

/** A tiny Inception-ResNet-ish block: conv -> LRN -> conv, merged by ScaledAdd, then a head. */
function buildModel(seed: number): LayersModel {
  const init = (offset: number) => tf.initializers.glorotNormal({ seed: seed + offset });
  const input = tf.input({ shape: [6, 6, 4], name: 'image' });
  const stem = tf.layers
    .conv2d({
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init(1),
      name: 'stem',
    })
    .apply(input) as SymbolicTensor;
  const normed = new LocalResponseNorm({ name: 'lrn' }).apply(stem) as SymbolicTensor;
  const branch = tf.layers
    .conv2d({ filters: 4, kernelSize: 1, kernelInitializer: init(2), biasInitializer: 'ones', name: 'branch' })
    .apply(normed) as SymbolicTensor;
  const merged = new ScaledAdd({ scale: 0.17, name: 'residual' }).apply([stem, branch]) as SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(merged) as SymbolicTensor;
  const logits = tf.layers
    .dense({ units: 3, kernelInitializer: init(3), name: 'logits' })
    .apply(pooled) as SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: `m${seed}` });
}

function predict(model: LayersModel, x: Tensor): number[][] {
  return tf.tidy(() => (model.predict(x) as Tensor).arraySync() as number[][]);
}

/** Every file under `dir` (recursively) mapped to its contents. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await nodeFs.readdir(dir, { recursive: true })) {
    const path = join(dir, entry);
    if ((await nodeFs.stat(path)).isFile()) {
      out[entry] = (await nodeFs.readFile(path)).toString('base64');
    }
  }
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<ModelDirError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(ModelDirError);
    return error as ModelDirError;
  }
  expect.fail('expected a ModelDirError rejection');
}

function failing(overrides: Partial<ModelDirFs>): ModelDirFs {
  return { ...nodeFs, ...overrides };
}

const ioError = (message: string): Error => Object.assign(new Error(message), { code: 'EIO' });

describe('runtime/modelDir', () => {
  let root: string;
  let x: Tensor;
  let models: LayersModel[];

  before(async () => {
    expect((await selectBackend('cpu')).ok).to.equal(true);
    root = await nodeFs.mkdtemp(join(tmpdir(), 'incep-modeldir-'));
    x = tf.randomNormal([2, 6, 6, 4], 0, 1, 'float32', 11);
    models = [buildModel(1), buildModel(2)];
  });

  after(async () => {
    tf.dispose(x);
    models.forEach((m) => m.dispose());
    await nodeFs.rm(root, { recursive: true, force: true });
  });

  let parent: string;
  let dir: string;
  let caseNo = 0;
  beforeEach(async () => {
    parent = join(root, `case${++caseNo}`);
    await nodeFs.mkdir(parent);
    dir = join(parent, 'model');
  });

  describe('round trip', () => {
    it('writes model.json + weights.bin with a relative manifest', async () => {
      const { files } = await saveModelDir(models[0]!, dir);
      expect(files).to.deep.equal([join(dir, 'model.json'), join(dir, 'weights.bin')]);
      expect((await nodeFs.readdir(dir)).sort()).to.deep.equal(['model.json', 'weights.bin']);

      const json = JSON.parse(await nodeFs.readFile(join(dir, 'model.json'), 'utf8')) as {
        format: string;
        weightsManifest: Array<{ paths: string[]; weights: Array<{ name: string }> }>;
        modelTopology: { config: { layers: Array<{ class_name: string }> } };
      };
      expect(json.format).to.equal('layers-model');
      expect(json.weightsManifest).to.have.length(1);
      expect(json.weightsManifest[0]!.paths).to.deep.equal(['weights.bin']);
      expect(json.weightsManifest[0]!.weights.map((w) => w.name)).to.include('stem/kernel');
      expect(json.modelTopology.config.layers.map((l) => l.class_name)).to.include.members([
        'ScaledAdd',
        'LocalResponseNorm',
      ]);
      // The parent listing shows no temporary siblings.
      expect(await nodeFs.readdir(parent)).to.deep.equal(['model']);
    });

    it('loads back with custom layers and identical predictions', async () => {
      await saveModelDir(models[0]!, dir);
      const loaded = await loadModelDir(dir);
      expect(loaded.getLayer('residual')).to.be.instanceOf(ScaledAdd);
      expect(loaded.getLayer('lrn')).to.be.instanceOf(LocalResponseNorm);
      expect(predict(loaded, x)).to.deep.equal(predict(models[0]!, x));
      loaded.dispose();
    });

    it('replaces a previous model and cleans up after itself', async () => {
      await saveModelDir(models[0]!, dir);
      await saveModelDir(models[1]!, dir);
      const loaded = await loadModelDir(dir);
      expect(predict(loaded, x)).to.deep.equal(predict(models[1]!, x));
      expect(predict(loaded, x)).not.to.deep.equal(predict(models[0]!, x));
      expect(await nodeFs.readdir(parent)).to.deep.equal(['model']);
      loaded.dispose();
    });

    it('creates missing parent directories', async () => {
      const nested = join(parent, 'a', 'b', 'model');
      await saveModelDir(models[0]!, nested);
      expect((await nodeFs.readdir(nested)).sort()).to.deep.equal(['model.json', 'weights.bin']);
    });

    it('gives the directory the normal umask mode, not a temp-dir 0700', async () => {
      await saveModelDir(models[0]!, dir);
      // A plain mkdir shows what the umask allows (reading process.umask() is deprecated).
      const reference = join(parent, 'reference');
      await nodeFs.mkdir(reference);
      const modeOf = async (path: string) => (await nodeFs.stat(path)).mode & 0o777;
      expect(await modeOf(dir)).to.equal(await modeOf(reference));
    });

    it('loads converter-style multi-shard manifests', async () => {
      await saveModelDir(models[0]!, dir);
      const jsonPath = join(dir, 'model.json');
      const json = JSON.parse(await nodeFs.readFile(jsonPath, 'utf8')) as {
        weightsManifest: Array<{ paths: string[] }>;
      };
      const bytes = await nodeFs.readFile(join(dir, 'weights.bin'));
      const cut = Math.floor(bytes.length / 2);
      await nodeFs.writeFile(join(dir, 'group1-shard1of2.bin'), bytes.subarray(0, cut));
      await nodeFs.writeFile(join(dir, 'group1-shard2of2.bin'), bytes.subarray(cut));
      await nodeFs.rm(join(dir, 'weights.bin'));
      json.weightsManifest[0]!.paths = ['group1-shard1of2.bin', 'group1-shard2of2.bin'];
      await nodeFs.writeFile(jsonPath, JSON.stringify(json));

      const loaded = await loadModelDir(dir);
      expect(predict(loaded, x)).to.deep.equal(predict(models[0]!, x));
      loaded.dispose();
    });
  });

  describe('atomicity: a failed save leaves the previous model intact and no temp dir', () => {
    const cases: Array<{ name: string; fs: ModelDirFs; message: RegExp }> = [
      {
        name: 'weights.bin cannot be created',
        fs: failing({
          open: (async (path: Parameters<typeof nodeFs.open>[0], ...rest: [string, number?]) => {
            if (String(path).endsWith('weights.bin')) throw ioError('EIO: disk on fire');
            return nodeFs.open(path, ...rest);
          }) as typeof nodeFs.open,
        }),
        message: /could not write the model to .*\.model\.incep-tmp-.*: EIO: disk on fire/,
      },
      {
        name: 'model.json cannot be created after weights.bin was written',
        fs: failing({
          open: (async (path: Parameters<typeof nodeFs.open>[0], ...rest: [string, number?]) => {
            if (String(path).endsWith('model.json')) throw ioError('ENOSPC: no space left');
            return nodeFs.open(path, ...rest);
          }) as typeof nodeFs.open,
        }),
        message: /ENOSPC: no space left/,
      },
      {
        name: 'the new directory cannot be renamed into place',
        fs: failing({
          rename: (async (from: string, to: string) => {
            if (basename(from).includes('.incep-tmp-')) throw ioError('EIO: rename failed');
            return nodeFs.rename(from, to);
          }) as typeof nodeFs.rename,
        }),
        message: /could not move the new model into .*: EIO: rename failed/,
      },
      {
        name: 'the previous model cannot be moved aside',
        fs: failing({
          rename: (async (from: string, to: string) => {
            if (basename(to).includes('.incep-old-')) throw ioError('EBUSY: in use');
            return nodeFs.rename(from, to);
          }) as typeof nodeFs.rename,
        }),
        message: /could not move the previous model at .* aside: EBUSY: in use/,
      },
    ];

    for (const c of cases) {
      it(`when ${c.name}`, async () => {
        await saveModelDir(models[0]!, dir);
        const before = await snapshot(dir);

        const error = await rejection(saveModelDir(models[1]!, dir, { fs: c.fs }));
        expect(error.code).to.equal('WRITE_FAILED');
        expect(error.message).to.match(c.message);
        expect(error.cause).to.be.instanceOf(Error);

        expect(await snapshot(dir)).to.deep.equal(before);
        expect(await nodeFs.readdir(parent)).to.deep.equal(['model']);
        const loaded = await loadModelDir(dir);
        expect(predict(loaded, x)).to.deep.equal(predict(models[0]!, x));
        loaded.dispose();
      });
    }

    it('a failed first save leaves nothing at all', async () => {
      const error = await rejection(saveModelDir(models[0]!, dir, { fs: cases[0]!.fs }));
      expect(error.code).to.equal('WRITE_FAILED');
      expect(await nodeFs.readdir(parent)).to.deep.equal([]);
    });
  });

  describe('refuses to replace what is not a model', () => {
    const cases: Array<{ name: string; prepare: (dir: string) => Promise<void>; message: RegExp }> = [
      {
        name: 'a directory with other files',
        prepare: async (d) => {
          await nodeFs.mkdir(d);
          await nodeFs.writeFile(join(d, 'model.json'), '{}');
          await nodeFs.writeFile(join(d, 'notes.txt'), 'keep me');
        },
        message: /contains files that are not part of a saved model \(notes\.txt\); refusing to replace it/,
      },
      {
        name: 'a regular file',
        prepare: async (d) => nodeFs.writeFile(d, 'not a directory'),
        message: /exists and is not a directory; refusing to replace it/,
      },
      {
        // Once taken for an old model by its .bin names, and deleted.
        name: 'a directory of .bin files only',
        prepare: async (d) => {
          await nodeFs.mkdir(d);
          await nodeFs.writeFile(join(d, 'firmware.bin'), 'keep me');
          await nodeFs.writeFile(join(d, 'disk-backup.bin'), 'and me');
        },
        message: /holds files incep did not save \(no model\.json with incep's marker\)/,
      },
      {
        name: "another tool's model (model.json without incep's marker)",
        prepare: async (d) => {
          await nodeFs.mkdir(d);
          await nodeFs.writeFile(join(d, 'model.json'), '{"modelTopology": {}}');
          await nodeFs.writeFile(join(d, 'group1-shard1of1.bin'), 'weights');
        },
        message: /holds files incep did not save/,
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        await c.prepare(dir);
        const before = await snapshot(parent);
        const error = await rejection(saveModelDir(models[0]!, dir));
        expect(error.code).to.equal('UNSAFE_TARGET');
        expect(error.message).to.match(c.message);
        expect(await snapshot(parent)).to.deep.equal(before);
      });
    }

    it('deletes the hidden leftovers of a killed save, and keeps those of a running process', async () => {
      // A pid far above pid_max (2^22 on Linux) names no process; pid 1 always runs.
      const dead = join(parent, '.model.incep-tmp-99999999-0123abcd');
      const live = join(parent, '.model.incep-old-1-0123abcd');
      const foreign = join(parent, '.model.incep-tmp-notes');
      for (const d of [dead, live, foreign]) await nodeFs.mkdir(d);
      await saveModelDir(models[0]!, dir);
      expect((await nodeFs.readdir(parent)).sort()).to.deep.equal(
        ['.model.incep-old-1-0123abcd', '.model.incep-tmp-notes', 'model'].sort(),
      );
    });

    it('but does replace an empty directory', async () => {
      await nodeFs.mkdir(dir);
      await saveModelDir(models[0]!, dir);
      expect((await nodeFs.readdir(dir)).sort()).to.deep.equal(['model.json', 'weights.bin']);
    });
  });

  describe('load errors', () => {
    type Edit = (dir: string) => Promise<void>;
    const editJson =
      (edit: (json: Record<string, unknown>) => void): Edit =>
      async (d) => {
        const path = join(d, 'model.json');
        const json = JSON.parse(await nodeFs.readFile(path, 'utf8')) as Record<string, unknown>;
        edit(json);
        await nodeFs.writeFile(path, JSON.stringify(json));
      };
    const cases: Array<{
      name: string;
      target?: (dir: string) => string;
      edit?: Edit;
      fs?: ModelDirFs;
      code: ModelDirErrorCode;
      message: RegExp;
    }> = [
      {
        name: 'missing directory',
        target: (d) => join(d, 'nope'),
        code: 'NOT_FOUND',
        message: /Model directory '.*[\\/]model[\\/]nope' does not exist\./,
      },
      {
        name: 'a file instead of a directory',
        target: (d) => join(d, 'weights.bin'),
        code: 'NOT_A_DIRECTORY',
        message: /weights\.bin' is not a directory/,
      },
      {
        name: 'no model.json',
        edit: (d) => nodeFs.rm(join(d, 'model.json')),
        code: 'MISSING_MODEL_JSON',
        message: /has no model\.json/,
      },
      {
        name: 'model.json is not JSON',
        edit: (d) => nodeFs.writeFile(join(d, 'model.json'), '{"modelTopology": '),
        code: 'BAD_JSON',
        message: /model\.json' is not valid JSON/,
      },
      {
        name: 'model.json without a topology',
        edit: (d) => nodeFs.writeFile(join(d, 'model.json'), '{"weightsManifest": []}'),
        code: 'BAD_MODEL_JSON',
        message: /missing 'modelTopology'/,
      },
      {
        name: 'a graph model',
        edit: editJson((j) => (j['format'] = 'graph-model')),
        code: 'BAD_MODEL_JSON',
        message: /its format is 'graph-model', not 'layers-model'/,
      },
      {
        name: 'a malformed manifest',
        edit: editJson((j) => (j['weightsManifest'] = [{ paths: 'weights.bin', weights: [] }])),
        code: 'BAD_MODEL_JSON',
        message: /'weightsManifest' must be a list/,
      },
      {
        name: 'a manifest path escaping the directory',
        edit: editJson((j) => ((j['weightsManifest'] as Array<{ paths: string[] }>)[0]!.paths = ['../elsewhere.bin'])),
        code: 'OUTSIDE_DIRECTORY',
        message: /'\.\.\/elsewhere\.bin' .* points outside the directory/,
      },
      {
        name: 'missing weights',
        edit: (d) => nodeFs.rm(join(d, 'weights.bin')),
        code: 'MISSING_WEIGHTS',
        message: /weights\.bin' named in model\.json is missing/,
      },
      {
        name: 'truncated weights',
        edit: async (d) => nodeFs.truncate(join(d, 'weights.bin'), 100),
        code: 'WEIGHTS_SIZE_MISMATCH',
        message: /hold 100 bytes but model\.json describes \d+; the files are truncated/,
      },
      {
        name: 'an unknown layer class',
        edit: editJson((j) => {
          const layers = (j['modelTopology'] as { config: { layers: Array<{ class_name: string }> } }).config.layers;
          layers.find((l) => l.class_name === 'ScaledAdd')!.class_name = 'NoSuchLayer';
        }),
        code: 'INVALID_MODEL',
        message: /could not be built: .*NoSuchLayer/,
      },
      {
        name: 'a model.json without weights',
        edit: editJson((j) => delete j['weightsManifest']),
        code: 'MISSING_WEIGHTS',
        message: /lists no weights \(no 'weightsManifest'\)/,
      },
      {
        // Same shapes, so only the digests can tell the bytes now sit under the wrong names.
        name: 'a manifest with two same-shaped weights swapped',
        edit: editJson((j) => {
          const weights = (j['weightsManifest'] as Array<{ weights: Array<{ name: string; shape: number[] }> }>)[0]!
            .weights;
          const a = weights.findIndex((w) => w.name === 'branch/bias');
          const b = weights.findIndex((w) => w.name === 'stem/bias');
          [weights[a], weights[b]] = [weights[b]!, weights[a]!];
        }),
        code: 'WEIGHTS_CORRUPT',
        message: /do not match the digests saved with them \('(stem|branch)\/bias', '(stem|branch)\/bias'\)/,
      },
      {
        name: 'weights changed on disk',
        edit: async (d) => {
          const path = join(d, 'weights.bin');
          const bytes = await nodeFs.readFile(path);
          bytes[0] = bytes[0]! ^ 0xff;
          await nodeFs.writeFile(path, bytes);
        },
        code: 'WEIGHTS_CORRUPT',
        message: /the weights file changed/,
      },
      ...(
        [
          ['float16', /has dtype "float16"; Layers model weights are float32/],
          ['int32', /has dtype "int32"/],
          ['string', /has dtype "string"/],
        ] as const
      ).map(([dtype, message]) => ({
        name: `a weight of dtype ${dtype}`,
        edit: editJson((j) => {
          (j['weightsManifest'] as Array<{ weights: Array<{ dtype: string }> }>)[0]!.weights[0]!.dtype = dtype;
        }),
        code: 'BAD_MODEL_JSON' as const,
        message,
      })),
      {
        name: 'a negative dimension',
        edit: editJson((j) => {
          (j['weightsManifest'] as Array<{ weights: Array<{ shape: number[] }> }>)[0]!.weights[0]!.shape = [-3, 4];
        }),
        code: 'BAD_MODEL_JSON',
        message: /has shape \[-3,4\]; dimensions must be whole numbers/,
      },
      {
        name: 'a weights file symlinked out of the directory',
        edit: async (d) => {
          const outside = join(d, '..', 'elsewhere.bin');
          await nodeFs.rename(join(d, 'weights.bin'), outside);
          await nodeFs.symlink(outside, join(d, 'weights.bin'));
        },
        code: 'OUTSIDE_DIRECTORY',
        message: /'weights\.bin' in '.*' points outside the directory/,
      },
      {
        name: 'a weights file symlinked to /dev/zero',
        edit: async (d) => {
          await nodeFs.rm(join(d, 'weights.bin'));
          await nodeFs.symlink('/dev/zero', join(d, 'weights.bin'));
        },
        code: 'OUTSIDE_DIRECTORY',
        message: /points outside the directory/,
      },
      {
        // Opening a FIFO for reading blocks until a writer comes: the load would hang.
        name: 'a weights file that is a FIFO',
        edit: async (d) => {
          await nodeFs.rm(join(d, 'weights.bin'));
          execFileSync('mkfifo', [join(d, 'weights.bin')]);
        },
        code: 'BAD_MODEL_JSON',
        message: /weights\.bin' is not a regular file/,
      },
      {
        name: 'a model.json that is a FIFO',
        edit: async (d) => {
          await nodeFs.rm(join(d, 'model.json'));
          execFileSync('mkfifo', [join(d, 'model.json')]);
        },
        code: 'BAD_MODEL_JSON',
        message: /model\.json' cannot be read as part of a model: .* is not a regular file/,
      },
      {
        name: 'an unreadable weights file',
        fs: failing({
          open: (async (path: Parameters<typeof nodeFs.open>[0], ...rest: [string | number, number?]) => {
            if (String(path).endsWith('weights.bin'))
              throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
            return nodeFs.open(path, ...rest);
          }) as typeof nodeFs.open,
        }),
        code: 'READ_FAILED',
        message: /Could not read '.*weights\.bin': EACCES: permission denied/,
      },
    ];

    for (const c of cases) {
      it(c.name, async () => {
        await saveModelDir(models[0]!, dir);
        await c.edit?.(dir);
        const error = await rejection(loadModelDir(c.target?.(dir) ?? dir, c.fs ? { fs: c.fs } : {}));
        expect(error.code).to.equal(c.code);
        expect(error.message).to.match(c.message);
      });
    }
  });
});
