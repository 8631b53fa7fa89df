import { createRequire } from 'node:module';

/**
 * incep's version from its package.json, found by the package's own name (it exports
 * `./package.json`), so the lookup works from `src/` under tsx and from the built `dist/`.
 */
export function readVersion(): string {
  const pkg: unknown = createRequire(import.meta.url)('incep/package.json');
  const version = (pkg as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}
