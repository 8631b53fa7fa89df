import { BACKEND_CHOICES, type BackendChoice } from './backendChoices.js';
import { tf } from './tf.js';
import { registerWasmTrainingKernels } from './wasmKernels/registerWasmTrainingKernels.js';

export { BACKEND_CHOICES, type BackendChoice };

/**
 * Outcome of {@link selectBackend}. On success `backend` is the tfjs backend
 * name now active (`'tensorflow'`, `'wasm'` or `'cpu'`) and `description` a
 * one-line human summary (which package, and for `auto` why faster options
 * were skipped). On failure `hint` says what the user can do about it.
 */
export type BackendResult =
  { ok: true; backend: string; description: string } | { ok: false; message: string; hint: string };

/**
 * Imports a module by bare specifier. Production uses {@link importModule};
 * tests inject fakes to exercise "installed" and "not installed" paths
 * without the real native packages.
 */
export type ModuleLoader = (specifier: string) => Promise<unknown>;

/** Options for {@link selectBackend}. */
export interface SelectBackendOptions {
  /** How optional backend packages are imported; defaults to {@link importModule}. */
  load?: ModuleLoader;
}

/**
 * The default {@link ModuleLoader}: a real dynamic `import()`. The specifier
 * is a runtime string, so TypeScript does not require the optional packages
 * to be installed, and Node resolves them from this file's location.
 */
export const importModule: ModuleLoader = (specifier) => import(specifier);

// Both register a backend named 'tensorflow' (and make it active) as an import
// side effect; the GPU build falls back to CPU kernels when no GPU is usable,
// so it is tried first.
const NATIVE_PACKAGES = [
  { specifier: '@tensorflow/tfjs-node-gpu', label: 'TensorFlow C++ with CUDA (@tensorflow/tfjs-node-gpu)' },
  { specifier: '@tensorflow/tfjs-node', label: 'TensorFlow C++ on CPU (@tensorflow/tfjs-node)' },
] as const;
const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';

type LoadOutcome = { ok: true; module: unknown } | { ok: false; missing: boolean; reason: string };
type Attempt = { ok: true; backend: string; description: string } | { ok: false; missing: boolean; reason: string };

// Loads are cached per loader so repeated calls (and `auto` after an explicit
// choice) never re-run a failing resolution or a slow native-addon load.
const loads = new WeakMap<ModuleLoader, Map<string, Promise<LoadOutcome>>>();
// Which package registered 'tensorflow' (keyed by the factory it registered,
// so a later re-registration is not mislabelled), for later descriptions.
let native: { factory: unknown; label: string } | undefined;
let last: { choice: BackendChoice; load: ModuleLoader; result: BackendResult & { ok: true } } | undefined;
// tf.setBackend is not safe to interleave, so calls run one at a time.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Makes a tfjs backend active and reports which one.
 *
 * - `'tensorflow'`: native TensorFlow via `@tensorflow/tfjs-node-gpu`, else
 *   `@tensorflow/tfjs-node` (optional peers, loaded only when installed).
 * - `'wasm'`: `@tensorflow/tfjs-backend-wasm`. In Node it reads its `.wasm`
 *   binaries from its own `dist/` folder, so no `setWasmPaths` is needed
 *   unless the package is bundled.
 * - `'cpu'`: tfjs's pure-JavaScript kernels (always available, slowest).
 * - `'auto'`: the first of tensorflow, wasm, cpu that works.
 *
 * Never rejects: every failure (including an unknown `choice` from untyped
 * callers) comes back as `{ ok: false, message, hint }`. A second call with the
 * same choice while that backend is still active returns the cached result.
 * Selecting `cpu` also swallows tfjs's one-time "Hi, looks like you are running
 * TensorFlow.js in Node.js … install our node backend" console banner, which
 * would otherwise print on the CPU backend's first tensor.
 */
export function selectBackend(choice: BackendChoice, options: SelectBackendOptions = {}): Promise<BackendResult> {
  const load = options.load ?? importModule;
  const run = queue.then(() => selectNow(choice, load));
  queue = run.catch(() => undefined);
  return run;
}

async function selectNow(choice: BackendChoice, load: ModuleLoader): Promise<BackendResult> {
  if (!(BACKEND_CHOICES as readonly string[]).includes(choice)) {
    // Only JavaScript callers get here, with any value at all; String() keeps a Symbol from throwing.
    const given: unknown = choice;
    return {
      ok: false,
      message: `Unknown backend '${String(given)}'.`,
      hint: `Choose one of: ${BACKEND_CHOICES.join(', ')}.`,
    };
  }
  if (last?.choice === choice && last.load === load && isActive(last.result.backend)) {
    return last.result;
  }
  let result: BackendResult;
  try {
    result = await select(choice, load);
  } catch (error) {
    result = { ok: false, message: `Selecting backend '${choice}' failed: ${reasonOf(error)}`, hint: FALLBACK_HINT };
  }
  if (result.ok) {
    last = { choice, load, result };
  }
  return result;
}

async function select(choice: BackendChoice, load: ModuleLoader): Promise<BackendResult> {
  switch (choice) {
    case 'tensorflow': {
      const native = await tryNative(load);
      return native.ok ? native : nativeFailure(native);
    }
    case 'wasm': {
      const wasm = await tryWasm(load);
      return wasm.ok
        ? wasm
        : {
            ok: false,
            message: `The 'wasm' backend could not be started: ${wasm.reason}`,
            hint:
              `${WASM_PACKAGE} is a peer dependency of incep, installed with it by npm 7 and later: ` +
              `run \`npm install ${WASM_PACKAGE}@${tfjsVersion()}\` (the version of your @tensorflow/tfjs), ` +
              `or select the 'cpu' backend.`,
          };
    }
    case 'cpu':
      return tryCpu();
    case 'auto': {
      const skipped: string[] = [];
      const native = await tryNative(load);
      if (native.ok) {
        return native;
      }
      skipped.push(`native TensorFlow: ${native.reason}`);
      const wasm = await tryWasm(load);
      if (wasm.ok) {
        return { ...wasm, description: `${wasm.description} (skipped ${skipped.join('; ')})` };
      }
      skipped.push(`wasm: ${wasm.reason}`);
      const cpu = await tryCpu();
      return cpu.ok ? { ...cpu, description: `${cpu.description} (skipped ${skipped.join('; ')})` } : cpu;
    }
  }
}

/** `tf.findBackendFactory` as it behaves: its types omit the `null` it returns for a name nothing registered. */
function findBackendFactory(name: string): ReturnType<typeof tf.findBackendFactory> | null {
  return tf.findBackendFactory(name);
}

async function tryNative(load: ModuleLoader): Promise<Attempt> {
  const registered = findBackendFactory('tensorflow');
  if (registered != null) {
    // Registered by an earlier call, or by the host program importing
    // tfjs-node itself; either way there is nothing to load.
    const label = native?.factory === registered ? native.label : 'TensorFlow C++ (registered by the host program)';
    return activate('tensorflow', label);
  }
  const reasons: string[] = [];
  let allMissing = true;
  for (const pkg of NATIVE_PACKAGES) {
    const outcome = await loadOnce(load, pkg.specifier);
    if (!outcome.ok) {
      allMissing &&= outcome.missing;
      reasons.push(`${pkg.specifier} ${describeFailure(outcome)}`);
      continue;
    }
    if (findBackendFactory('tensorflow') == null) {
      // tfjs keeps its engine on a global, so even a package with its own
      // nested @tensorflow/tfjs copy registers where we can see it; getting
      // here means something incompatible that only looks like tfjs-node.
      allMissing = false;
      reasons.push(
        `${pkg.specifier} loaded but registered no 'tensorflow' backend with this @tensorflow/tfjs ` +
          `(${tfjsVersion()}${versionOf(outcome.module)}); install the matching version`,
      );
      continue;
    }
    // Once registered, a second package cannot replace the backend, so the
    // first one to load decides.
    native = { factory: tf.findBackendFactory('tensorflow'), label: pkg.label + mismatchNote(outcome.module) };
    const active = await activate('tensorflow', native.label);
    if (active.ok) {
      return active;
    }
    return { ok: false, missing: false, reason: `${pkg.specifier} loaded but ${active.reason}` };
  }
  return { ok: false, missing: allMissing, reason: reasons.join('; ') };
}

async function tryWasm(load: ModuleLoader): Promise<Attempt> {
  if (findBackendFactory('wasm') == null) {
    const outcome = await loadOnce(load, WASM_PACKAGE);
    if (!outcome.ok) {
      return { ok: false, missing: outcome.missing, reason: `${WASM_PACKAGE} ${describeFailure(outcome)}` };
    }
    if (findBackendFactory('wasm') == null) {
      return {
        ok: false,
        missing: false,
        reason:
          `${WASM_PACKAGE} loaded but registered no 'wasm' backend with this @tensorflow/tfjs ` +
          `(${tfjsVersion()}${versionOf(outcome.module)})`,
      };
    }
  }
  const active = await activate('wasm', 'WebAssembly (@tensorflow/tfjs-backend-wasm)');
  if (!active.ok) {
    return active;
  }
  // wasm lacks some gradient kernels; composed ones let models train on it.
  registerWasmTrainingKernels();
  const simd = await flag('WASM_HAS_SIMD_SUPPORT');
  const threads = await flag('WASM_HAS_MULTITHREAD_SUPPORT');
  const features = [simd ? 'SIMD' : 'no SIMD', threads ? 'multi-threaded' : 'single-threaded'];
  return { ...active, description: `WebAssembly (${WASM_PACKAGE}, ${features.join(', ')})` };
}

async function tryCpu(): Promise<BackendResult> {
  const active = await activate('cpu', 'plain JavaScript (tfjs cpu backend; slowest)');
  if (!active.ok) {
    return { ok: false, message: `The 'cpu' backend could not be started: ${active.reason}`, hint: FALLBACK_HINT };
  }
  quietCpuBanner();
  return active;
}

async function activate(name: string, description: string): Promise<Attempt> {
  if (!isActive(name)) {
    // tfjs logs its own warning with the stack when initialization fails.
    const ok = await tf.setBackend(name);
    if (!ok) {
      return { ok: false, missing: false, reason: `the '${name}' backend failed to initialize` };
    }
  }
  return { ok: true, backend: name, description };
}

function isActive(name: string): boolean {
  // getBackend() names the last *requested* backend even if its init failed,
  // so also require an initialized instance. The registry is read directly
  // because tf.findBackend would start a fresh init as a side effect.
  return tf.getBackend() === name && tf.engine().registry[name] != null;
}

/**
 * tfjs-backend-cpu prints its "install our node backend" banner from
 * `MathBackendCPU.write` the first time a tensor is created, through tfjs's
 * `warn()`, which is silent while the `PROD` flag is set. Creating one throwaway
 * tensor with `PROD` on consumes that first use; `PROD` is then put back, so
 * later warnings still reach the user. (In tfjs 4.22 `PROD` gates only
 * warn/log; `IS_TEST` would also silence it but turns on per-kernel memory-leak
 * checks.) A no-op when the banner already fired.
 */
function quietCpuBanner(): void {
  const env = tf.env();
  const previous = env.getBool('PROD');
  env.set('PROD', true);
  try {
    tf.tensor1d([0]).dispose();
  } finally {
    env.set('PROD', previous);
  }
}

function nativeFailure(attempt: { missing: boolean; reason: string }): BackendResult {
  const version = tfjsVersion();
  const install =
    'For an NVIDIA GPU with CUDA 11.2 and cuDNN 8.1 (Linux x64): ' +
    `\`npm install @tensorflow/tfjs-node-gpu@${version}\`. ` +
    `For CPU only: \`npm install @tensorflow/tfjs-node@${version}\`. ` +
    `Both download libtensorflow during install. Or select the 'wasm' or 'cpu' backend instead.`;
  if (attempt.missing) {
    return {
      ok: false,
      message:
        "The 'tensorflow' backend needs @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node, and neither is installed.",
      hint: install,
    };
  }
  return {
    ok: false,
    message: `The 'tensorflow' backend could not be started: ${attempt.reason}`,
    hint:
      `Reinstall or rebuild the native package (\`npm rebuild @tensorflow/tfjs-node-gpu\` or ` +
      `\`npm rebuild @tensorflow/tfjs-node\`); its version must match @tensorflow/tfjs ${version}, and the GPU ` +
      `build needs CUDA 11.2 and cuDNN 8.1 on the library path. ${install}`,
  };
}

const FALLBACK_HINT = "Try another backend: 'auto', 'wasm' or 'cpu'.";

function loadOnce(load: ModuleLoader, specifier: string): Promise<LoadOutcome> {
  let cache = loads.get(load);
  if (cache === undefined) {
    cache = new Map();
    loads.set(load, cache);
  }
  let outcome = cache.get(specifier);
  if (outcome === undefined) {
    outcome = load(specifier).then(
      (module): LoadOutcome => ({ ok: true, module }),
      (error: unknown): LoadOutcome => ({ ok: false, missing: isNotFound(error, specifier), reason: reasonOf(error) }),
    );
    cache.set(specifier, outcome);
  }
  return outcome;
}

/**
 * True when the package itself is absent. A missing *dependency* of an
 * installed package (or its native addon) also throws a not-found error, but
 * naming some other module; that is a broken install, reported differently.
 */
function isNotFound(error: unknown, specifier: string): boolean {
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  const { code, message } = error as { code?: unknown; message?: unknown };
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
  return notFound && typeof message === 'string' && message.includes(`'${specifier}'`);
}

function describeFailure(outcome: { missing: boolean; reason: string }): string {
  return outcome.missing ? 'is not installed' : `failed to load: ${outcome.reason}`;
}

async function flag(name: string): Promise<boolean> {
  try {
    return Boolean(await tf.env().getAsync(name));
  } catch {
    return false;
  }
}

function tfjsVersion(): string {
  return tf.version.tfjs;
}

function versionOf(module: unknown): string {
  const core = (module as { version_core?: unknown } | null)?.version_core;
  return typeof core === 'string' && core !== tf.version_core ? ` vs the package's ${core}` : '';
}

/**
 * A nested tfjs of another version still shares the global engine and kernel
 * registry, so it mostly works, but tensors cross two `Tensor` classes; say so
 * rather than refuse.
 */
function mismatchNote(module: unknown): string {
  const theirs = versionOf(module);
  return theirs === ''
    ? ''
    : ` (warning: @tensorflow/tfjs-core ${tf.version_core}${theirs}; install matching versions)`;
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Native-addon errors can run to many lines; the first says what happened.
  return message.split('\n')[0] ?? message;
}
