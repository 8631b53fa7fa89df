/**
 * `npm run demo [-- --port N]`: builds the browser demo into `out/demo/` and serves `out/` on
 * localhost, so models saved with `incep compile … --emit tfjs --out out/NAME` load with
 * `?model=../NAME/model.json`. Stop it with Ctrl-C.
 * @module
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { buildDemo } from './buildDemo.js';
import { serveDirectory } from './serveDirectory.js';

const out = fileURLToPath(new URL('../../out/', import.meta.url));
const port = (() => {
  try {
    const { values } = parseArgs({ options: { port: { type: 'string', default: '8080' } } });
    return /^\d{1,5}$/.test(values.port) && Number(values.port) < 65536 ? Number(values.port) : undefined;
  } catch {
    return undefined;
  }
})();
if (port === undefined) {
  process.stderr.write('usage: npm run demo [-- --port N]  (N from 0 to 65535; 0 picks a free port)\n');
  process.exit(2);
}

const built = await buildDemo(join(out, 'demo'));
if (!built.ok) {
  process.stderr.write(`The demo did not build:\n${built.messages.map((m) => `  ${m}\n`).join('')}`);
  process.exit(1);
}
for (const warning of built.warnings) process.stderr.write(`warning: ${warning}\n`);
const server = await serveDirectory(out, port, 'localhost');
if (server instanceof Error) {
  process.stderr.write(
    `Cannot serve on port ${port}: ${server.message}\nPick another with \`npm run demo -- --port N\`.\n`,
  );
  process.exit(1);
}
process.stdout.write(`The demo is at ${server.url}demo/ (Ctrl-C to stop)\n`);
