import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, totalmem } from 'node:os';

const require = createRequire(import.meta.url);

/** The installed version of `pkg`, or "not installed". */
function versionOf(pkg: string): string {
  try {
    const path = require.resolve(`${pkg}/package.json`);
    return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

/** The commit the benchmark ran on (with "+ changes" when the tree is dirty), or "unknown". */
function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return 'unknown';
  }
}

/** Markdown lines describing the machine, the runtimes and the code a benchmark ran on. */
export function machineInfo(): string[] {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return [
    `- CPU: ${cpu}, ${availableParallelism()} cores available, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    `- Node ${process.versions.node} (V8 ${process.versions.v8}), ${process.platform} ${process.arch}`,
    `- @tensorflow/tfjs ${versionOf('@tensorflow/tfjs')}, @tensorflow/tfjs-backend-wasm ${versionOf('@tensorflow/tfjs-backend-wasm')}, ` +
      `@tensorflow/tfjs-node ${versionOf('@tensorflow/tfjs-node')}, onnxruntime-node ${versionOf('onnxruntime-node')}`,
    `- incep at ${commit()}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  ];
}
