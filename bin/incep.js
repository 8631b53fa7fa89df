#!/usr/bin/env node
// The `incep` executable. It runs the compiled JavaScript in dist/ (`npm run build`, which
// `npm ci` runs as `prepare`, and `npm pack` as `prepack`): that starts several times faster than
// loading the TypeScript sources through tsx. In a clone, though, a dist/ older than any source
// file would run stale code, so then the sources run through tsx (a development dependency)
// instead: slower, never wrong. An installed package ships no src/ (nor tsx) and always runs
// dist/; its file times, which npm pack normalises, are never compared.
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
  const entry = new URL('dist/src/cli/main.js', root);
  if (!existsSync(entry)) {
    // Only a package packed without its build gets here (a clone with src/ falls back to tsx).
    process.stderr.write(
      `incep: ${fileURLToPath(entry)} is missing: this copy of incep was packed without its build.\n`,
    );
    process.exit(1);
  }
  ({ main } = await import(entry.href));
} else {
  if (process.env['INCEP_DEBUG'] === '1') {
    process.stderr.write(`incep: running the TypeScript sources with tsx (${stale}; npm run build)\n`);
  }
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    // A clone installed without development dependencies (`npm ci --omit=dev`) has no tsx.
    process.stderr.write(
      `incep: the build in dist/ is out of date (${stale}) and tsx is not installed: run \`npm run build\`.\n`,
    );
    process.exit(1);
  }
  // Our own tsconfig, not whichever one is in the user's working directory.
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  ({ main } = await import(new URL('src/cli/main.ts', root).href));
}
process.exitCode = await main(process.argv.slice(2));
