// `npm run build`, first step: notes in dist/ when this build started, before tsc reads a
// source, so bin/staleBuild.js can tell a file saved during the build from one built into it.
import { mkdirSync, writeFileSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);
mkdirSync(dist, { recursive: true });
writeFileSync(new URL('.build-started', dist), String(Date.now()));
