import { realpathSync } from 'node:fs';

/** The path with symlinks resolved, or as given when it does not exist (yet). */
export function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
