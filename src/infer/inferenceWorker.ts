/**
 * The entry of an inference worker thread (see `startWorkerPool`): its own tfjs with the backend
 * the main thread chose, the model built from the IR with the main thread's weights, then one
 * forward pass per request. Every failure is posted as a message; an exception that escapes
 * still ends the thread, which the pool reports.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildModel } from '../backends/tfjs/buildModel.js';
import type { IRModel } from '../ir/ir.js';
import { optimizeForInference } from '../optimize/optimizeForInference.js';
import { selectBackend } from '../runtime/selectBackend.js';
import { tf, type LayersModel } from '../runtime/tf.js';
import { inProcessRunner } from './inProcessRunner.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './workerMessages.js';

const port = parentPort!;
const post = (reply: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

async function setUp(setup: WorkerSetup): Promise<LayersModel | undefined> {
  const selected = await selectBackend(setup.backend);
  if (!selected.ok) {
    post({ type: 'failed', message: selected.message, hint: selected.hint });
    return undefined;
  }
  try {
    const ir = JSON.parse(setup.ir) as IRModel;
    const built = buildModel(ir);
    const values = setup.weights.map((w) => tf.tensor(w.values, w.shape, 'float32'));
    built.setWeights(values);
    tf.dispose(values);
    if (!setup.optimize) return built;
    const optimized = optimizeForInference(built);
    built.dispose();
    return optimized;
  } catch (e) {
    post({ type: 'failed', message: `cannot build the model: ${e instanceof Error ? e.message : String(e)}` });
    return undefined;
  }
}

const model = await setUp(workerData as WorkerSetup);
if (model === undefined) {
  port.close();
} else {
  const runner = inProcessRunner(model, '');
  // Requests arrive one at a time (the pool never gives a busy worker another), so they never
  // interleave on this thread's tfjs.
  port.on('message', (request: WorkerRequest) => {
    void runner.run(request.x, request.shape).then((result) => {
      if (result.ok) {
        // A copy of its own, so transferring it cannot detach memory a backend still uses.
        const output = result.output.slice();
        post({ type: 'result', id: request.id, output }, [output.buffer]);
      } else post({ type: 'error', id: request.id, message: result.message });
    });
  });
  post({ type: 'ready' });
}
