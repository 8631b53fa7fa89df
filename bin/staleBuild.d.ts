/**
 * Why the build in `root/dist` cannot stand for the TypeScript sources in `root/src` and
 * `root/grammar` (a sentence naming the first stale or missing output), or undefined when it can.
 * `root` ends in `/`.
 */
export function staleBuild(root: string): string | undefined;

/** The file in dist/ that holds when the last build started, in ms since the epoch. */
export const BUILD_STARTED: string;
