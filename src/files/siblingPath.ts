import { randomUUID } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { join } from 'node:path';
import { removeOnSignal } from './removeOnSignal.js';

/** What a hidden sibling holds: a write in progress, or the previous version being replaced. */
export type SiblingKind = 'tmp' | 'old';

/**
 * A hidden path next to `name` in `parent` for a write in progress (`tmp`) or a replaced version
 * (`old`): `.<name>.incep-<kind>-<pid>-<random>`. The process id lets a later run tell the
 * leftovers of a killed process (safe to delete) from another process's write in progress; a
 * `tmp` path is also removed when a signal ends this process (`removeOnSignal`).
 */
export function siblingPath(parent: string, name: string, kind: SiblingKind): string {
  const path = join(parent, `.${name}.incep-${kind}-${process.pid}-${randomUUID().slice(0, 8)}`);
  // A replaced version ('old') is kept: a kill between the two renames must not lose it.
  if (kind === 'tmp') removeOnSignal(path);
  return path;
}

/** True when process `pid` exists (EPERM: it exists, owned by someone else). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

/**
 * Deletes the hidden siblings of `name` in `parent` that processes no longer running left behind
 * (a save killed mid-way). Best effort: a listing or removal that fails leaves them for next time.
 */
export async function removeLeftovers(
  parent: string,
  name: string,
  fs: Pick<typeof nodeFs, 'readdir' | 'rm'> = nodeFs,
): Promise<void> {
  const prefix = `.${name}.incep-`;
  const entries = await fs.readdir(parent).catch(() => [] as string[]);
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const match = /^(?:tmp|old)-(\d+)-[0-9a-f]{8}$/.exec(entry.slice(prefix.length));
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || running(pid)) continue;
    await fs.rm(join(parent, entry), { recursive: true, force: true }).catch(() => undefined);
  }
}
