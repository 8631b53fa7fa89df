import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * incep's own block library, `specs/lib` of the package, which any spec may import from: found
 * beside the sources (`src/files/`) or the build (`dist/src/files/`).
 */
export function incepSpecsLib(): string | undefined {
  for (const up of ['../../specs/lib', '../../../specs/lib']) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  return undefined;
}
