import { createHash } from 'node:crypto';

/**
 * SHA-256 of a spec and the files it imports, by base name and text in name order: what a
 * generated module records, so the staleness test sees any change to its sources.
 */
export function specHash(sources: ReadonlyMap<string, string>): string {
  const h = createHash('sha256');
  for (const file of [...sources.keys()].sort()) {
    h.update(file.replace(/^.*[\\/]/, ''))
      .update('\0')
      .update(sources.get(file)!)
      .update('\0');
  }
  return h.digest('hex');
}
