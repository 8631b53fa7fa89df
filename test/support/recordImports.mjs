// `node --import ./test/support/recordImports.mjs …` appends the URL of every module the process
// resolves to the file named by INCEP_IMPORT_LOG, one a line: how a test sees which packages a
// command loads without reaching into it. Loaded with --import it registers itself as the hooks
// module; in the hooks thread that Node starts for it, it only exports the hook.
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) register(import.meta.url);

/** The resolve hook: records, then changes nothing. */
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(process.env['INCEP_IMPORT_LOG'], `${resolved.url}\n`);
  return resolved;
}
