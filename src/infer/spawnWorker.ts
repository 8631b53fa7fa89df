import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on the module `name` beside this file: the compiled `.js` when incep
 * runs from dist/, the `.ts` source when it runs through tsx. A new thread does not inherit the
 * loader hooks `tsx/esm/api`'s `register()` installed in this one, so a `.ts` entry starts from a
 * few lines of JavaScript that register tsx (with incep's own tsconfig, as bin/incep.js does)
 * and then import it.
 */
export function spawnWorker(name: string, options: WorkerOptions): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(`./${name}${fromSources ? '.ts' : '.js'}`, import.meta.url);
  if (!fromSources) return new Worker(entry, options);
  const api = import.meta.resolve('tsx/esm/api');
  const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
  const bootstrap =
    `import(${JSON.stringify(api)}).then(({ register }) => {` +
    ` register({ tsconfig: ${JSON.stringify(tsconfig)} });` +
    ` return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
