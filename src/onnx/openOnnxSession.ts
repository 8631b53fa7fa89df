import { availableParallelism } from 'node:os';
import { cudaProviderInstalled } from './cudaProviderInstalled.js';

/** Options of {@link openOnnxSession}. */
export interface OnnxSessionOptions {
  /** Threads of one op (intra-op); default `os.availableParallelism()`. */
  threads?: number;
  /** Execution provider; default `cpu`. */
  device?: 'cpu' | 'cuda';
}

/** An onnxruntime inference session over one ONNX model with one NHWC float input. */
export interface OnnxSession {
  readonly inputName: string;
  readonly outputNames: readonly string[];
  /** e.g. "onnxruntime-node 1.30.0, cpu, 2 threads" */
  readonly description: string;
  /** NHWC float input; the outputs in outputNames order. */
  run(x: Float32Array, shape: readonly [number, number, number, number]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

/** A session, or why none could be opened and what to do about it. */
export type OpenOnnxResult = { ok: true; session: OnnxSession } | { ok: false; message: string; hint?: string };

/** Imports a module by specifier; tests pass one that fails, to see the "not installed" path. */
export type OnnxModuleLoader = (specifier: string) => Promise<unknown>;

const ORT = 'onnxruntime-node';

/** The part of onnxruntime-node used here (its types are not imported: the package is optional). */
interface Ort {
  InferenceSession: {
    create(bytes: Uint8Array, options: object): Promise<OrtSession>;
  };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown;
  env: { versions?: Record<string, string | undefined> };
}

interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown; dispose?: () => void }>>;
  release(): Promise<void>;
}

const CUDA_HINT =
  "onnxruntime-node's CUDA 12 build needs CUDA 12 and cuDNN 9 on the machine and its CUDA provider files: " +
  'install them with `npm install onnxruntime-node --onnxruntime-node-install=cuda12` (the flag overrides ' +
  'the `onnxruntime-node-install-cuda=skip` of an .npmrc), or use --device cpu';

/**
 * Opens an onnxruntime-node session on ONNX model `bytes` (as `exportOnnx` writes them):
 * `threads` intra-op threads (default all cores), one inter-op thread, every graph
 * optimization, on the CPU or, with `device: 'cuda'`, the CUDA provider. onnxruntime-node is
 * imported here, on first use, because it is an optional dependency. Never rejects: a missing
 * package, a CUDA provider that is not installed or a model onnxruntime refuses is `{ ok: false }`.
 */
export async function openOnnxSession(
  bytes: Uint8Array,
  options: OnnxSessionOptions = {},
  load: OnnxModuleLoader = (specifier) => import(specifier),
): Promise<OpenOnnxResult> {
  const device = options.device ?? 'cpu';
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1)
    return { ok: false, message: `threads must be a whole number of 1 or more, found ${threads}` };
  let ort: Ort;
  try {
    ort = (await load(ORT)) as Ort;
  } catch (e) {
    if (isNotFound(e)) return { ok: false, message: `${ORT} is not installed`, hint: `npm install ${ORT}` };
    return { ok: false, message: `${ORT} failed to load: ${reasonOf(e)}`, hint: `reinstall it: npm install ${ORT}` };
  }
  if (device === 'cuda' && cudaProviderInstalled() === false)
    return { ok: false, message: `${ORT} has no CUDA provider installed`, hint: CUDA_HINT };
  let session: OrtSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      executionProviders: [device],
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
  } catch (e) {
    if (device === 'cuda')
      return { ok: false, message: `${ORT} cannot use CUDA: ${firstLine(reasonOf(e))}`, hint: CUDA_HINT };
    return { ok: false, message: `onnxruntime refused the model: ${firstLine(reasonOf(e))}` };
  }
  const inputName = session.inputNames[0];
  if (inputName === undefined || session.inputNames.length !== 1) {
    await session.release();
    return {
      ok: false,
      message: `the ONNX model has ${session.inputNames.length} inputs; one image input was expected`,
    };
  }
  const version = ort.env.versions?.['node'] ?? ort.env.versions?.['common'] ?? 'unknown version';
  const outputNames = [...session.outputNames];
  return {
    ok: true,
    session: {
      inputName,
      outputNames,
      description: `${ORT} ${version}, ${device}, ${threads} thread${threads === 1 ? '' : 's'}`,
      async run(x, shape) {
        const results = await session.run({ [inputName]: new ort.Tensor('float32', x, shape) });
        return outputNames.map((name) => {
          const out = results[name];
          if (out === undefined || !(out.data instanceof Float32Array))
            throw new Error(`onnxruntime gave no float output '${name}'`);
          return out.data;
        });
      },
      dispose: () => session.release(),
    },
  };
}

/** True when the package itself is absent (not one of its dependencies, which is a broken install). */
function isNotFound(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
  return notFound && typeof message === 'string' && message.includes(`'${ORT}'`);
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]!.trim();
}
