import { rmSync } from 'node:fs';

/** Signals that end the process by default; each gets a cleanup listener while paths are pending. */
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

const pending = new Set<string>();
let installed = false;

/**
 * Removes `path` — a file or directory a write is filling before it is renamed into place — if
 * the process is ended by a signal. A write in progress is otherwise left behind by Ctrl-C or
 * `kill` until the next save to the same place finds it. Once renamed the path no longer exists,
 * so it simply stays listed (the names are unique; removing a missing path does nothing).
 *
 * The cleanup runs only when nothing else handles the signal: a command that stops gracefully on
 * Ctrl-C (training finishes its step and saves) keeps its listener, and the process keeps living,
 * so its writes are not pulled from under it. When incep's listener is the only one it removes the
 * pending paths and re-raises the signal, so the exit status still says which signal ended it.
 */
export function removeOnSignal(path: string): void {
  pending.add(path);
  if (!installed) {
    installed = true;
    for (const signal of SIGNALS) process.on(signal, onSignal);
  }
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listeners(signal).some((listener) => listener !== onSignal)) return;
  for (const path of pending) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // Best effort: the next save to the same place removes what is left (removeLeftovers).
    }
  }
  pending.clear();
  for (const s of SIGNALS) process.off(s, onSignal);
  installed = false;
  process.kill(process.pid, signal);
}
