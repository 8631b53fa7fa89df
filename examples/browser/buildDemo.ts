import { build, type Message, type Metafile } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The tfjs-backend-wasm binaries: plain, SIMD, and SIMD with threads, which tfjs picks only on a
 * cross-origin-isolated page (one served with COOP and COEP headers, as `npm run demo` does not).
 */
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/** What {@link buildDemo} made (and esbuild's warnings), or esbuild's errors. */
export type BuildDemoResult = { ok: true; metafile: Metafile; warnings: string[] } | { ok: false; messages: string[] };

function describe(message: Message): string {
  return message.location ? `${message.location.file}:${message.location.line}: ${message.text}` : message.text;
}

/**
 * Builds the browser demo into `outdir`: `main.js` (the page's code with tfjs, `incep/runtime` and
 * the generated InceptionV3 bundled in), `index.html`, and the `.wasm` files the wasm backend
 * fetches from next to the bundle. In this repository `incep/runtime` resolves to
 * `src/runtime/index.ts` through the root tsconfig's `paths`, which esbuild reads.
 */
export async function buildDemo(outdir: string): Promise<BuildDemoResult> {
  try {
    const { metafile, warnings } = await build({
      entryPoints: [join(here, 'main.ts')],
      outdir,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      sourcemap: true,
      metafile: true,
      logLevel: 'silent',
    });
    const wasmDir = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    await mkdir(outdir, { recursive: true });
    await Promise.all([
      copyFile(join(here, 'index.html'), join(outdir, 'index.html')),
      ...WASM_FILES.map((file) => copyFile(join(wasmDir, 'dist', file), join(outdir, file))),
    ]);
    return { ok: true, metafile, warnings: warnings.map(describe) };
  } catch (error) {
    // esbuild rejects with its errors; a failed copy rejects with a file-system error.
    const errors = (error as { errors?: Message[] }).errors;
    return { ok: false, messages: errors?.map(describe) ?? [String(error)] };
  }
}
