import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The CUDA provider library onnxruntime-node loads, by platform (it ships for these two only). */
const LIBRARY: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'libonnxruntime_providers_cuda.so',
  win32: 'onnxruntime_providers_cuda.dll',
};

/**
 * Whether onnxruntime-node's CUDA provider files sit next to its native binding
 * (`bin/napi-v*\/<platform>/<arch>/`), `undefined` when that cannot be told (package not
 * found, another layout). Asked before opening a CUDA session because onnxruntime, besides
 * throwing, prints a missing provider library to stderr from native code, which a caller
 * reporting `{ ok: false }` cannot silence.
 */
export function cudaProviderInstalled(): boolean | undefined {
  const library = LIBRARY[process.platform];
  if (library === undefined) return false;
  let bin: string;
  try {
    bin = join(dirname(createRequire(import.meta.url).resolve('onnxruntime-node')), '..', 'bin');
  } catch {
    return undefined;
  }
  if (!existsSync(bin)) return undefined;
  const napi = readdirSync(bin).filter((d) => d.startsWith('napi-v'));
  const bindings = napi.map((d) => join(bin, d, process.platform, process.arch));
  if (!bindings.some((dir) => existsSync(dir))) return undefined;
  return bindings.some((dir) => existsSync(join(dir, library)));
}
