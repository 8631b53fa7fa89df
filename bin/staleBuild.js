import { readdirSync, readFileSync, statSync } from 'node:fs';

/**
 * Why the build in `root/dist` cannot stand for the TypeScript sources in `root/src` and
 * `root/grammar`, or undefined when it can: every `.ts` file (and every `.json` file the build
 * copied) has its output, written no earlier than the source. Per-file mtimes rather than one
 * stamp, so a file saved in an editor, a `git pull` or a new file all count, and nothing has to be
 * remembered after `npm run build`. Some 200 files, two `stat` calls each: about 10 ms per start.
 *
 * @param {string} root the package root, ending in `/` (the directory holding `src/` and `dist/`)
 * @returns {string | undefined}
 */
export function staleBuild(root) {
  // When the last build started (`npm run build` stamps it before tsc runs): tsc reads a file
  // early and writes its output seconds later, so a file saved in between has an output newer
  // than itself that still holds the old code.
  const stamp = buildStarted(root);
  for (const file of sources(root, 'src', []).concat(sources(root, 'grammar', []))) {
    const built = file.endsWith('.ts') ? `${file.slice(0, -'.ts'.length)}.js` : file;
    const output = statSync(`${root}dist/${built}`, { throwIfNoEntry: false });
    // tsc copies only the JSON files something imports; the rest have nothing to go stale.
    if (!output && built === file) continue;
    if (!output) return `dist/${built} is missing`;
    const changed = statSync(root + file).mtimeMs;
    if (output.mtimeMs < changed) return `dist/${built} is older than ${file}`;
    if (stamp < changed) return `${file} changed after the last build started`;
  }
  return undefined;
}

/** When the last build started (ms since the epoch), or Infinity when no build stamped it. */
function buildStarted(root) {
  try {
    const ms = Number(readFileSync(`${root}dist/${BUILD_STARTED}`, 'utf8'));
    return Number.isFinite(ms) ? ms : Infinity;
  } catch {
    return Infinity;
  }
}

/** The file in dist/ that holds when the last build started, in ms since the epoch (scripts/stampBuild.js). */
export const BUILD_STARTED = '.build-started';

/** The `.ts` and `.json` files under `dir`, relative to `root`. */
function sources(root, dir, found) {
  // Node 20's `readdirSync(…, { recursive: true })` takes five times as long as this walk.
  for (const entry of readdirSync(root + dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) sources(root, path, found);
    else if ((path.endsWith('.ts') && !path.endsWith('.d.ts')) || path.endsWith('.json')) found.push(path);
  }
  return found;
}
