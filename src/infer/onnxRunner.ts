import type { OnnxSession } from '../onnx/openOnnxSession.js';
import type { BatchRunner } from './BatchRunner.js';

/**
 * A {@link BatchRunner} over an ONNX Runtime session whose first output is the model's main one
 * (as `exportOnnx` orders them). One batch at a time: onnxruntime already spreads each batch over
 * its own threads. It owns the session and releases it.
 */
export function onnxRunner(session: OnnxSession): BatchRunner {
  let disposed: Promise<void> | undefined;
  return {
    description: `onnx — ${session.description}`,
    parallelism: 1,
    async run(x, shape) {
      if (disposed) return { ok: false, message: 'the ONNX Runtime session was closed' };
      try {
        const [main] = await session.run(x, shape);
        return main ? { ok: true, output: main } : { ok: false, message: 'the ONNX model has no outputs' };
      } catch (e) {
        return { ok: false, message: `onnxruntime failed: ${e instanceof Error ? e.message : String(e)}` };
      }
    },
    dispose() {
      disposed ??= session.dispose();
      return disposed;
    },
  };
}
