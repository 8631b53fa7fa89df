#!/usr/bin/env node
// The `incep` executable. It runs the compiled JavaScript in dist/ (`npm run build`, which
// `npm ci` runs as `prepare`): that starts several times faster than loading the TypeScript
// sources through tsx. In a clone, though, a dist/ older than any source file would run stale
// code, so then the sources run through tsx (a runtime dependency) instead: slower, never wrong.
// An installed package has no src/ and always runs dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { staleBuild } from './staleBuild.js';

// `incep … | head` closes stdout early; that is the reader's choice, not an error to report.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const root = new URL('../', import.meta.url);
const stale = existsSync(new URL('src/', root)) ? staleBuild(fileURLToPath(root)) : undefined;
let main;
if (stale === undefined) {
  ({ main } = await import('../dist/src/cli/main.js'));
} else {
  if (process.env['INCEP_DEBUG'] === '1') {
    process.stderr.write(`incep: running the TypeScript sources with tsx (${stale}; npm run build)\n`);
  }
  const { register } = await import('tsx/esm/api');
  // Our own tsconfig, not whichever one is in the user's working directory.
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  ({ main } = await import(new URL('src/cli/main.ts', root).href));
}
process.exitCode = await main(process.argv.slice(2));
