/** One entry of a lockfile's `packages` map (the fields this module reads or writes). */
interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

/** The parts of a package.json {@link consumerLock} reads. */
export interface PackedManifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  bin?: Record<string, string>;
  engines?: Record<string, string>;
}

/**
 * A `package-lock.json` for a project that depends on the packed tarball of incep (`file:` +
 * `tarball`), plus `extra` packages, holding exactly the versions the repository's own lockfile
 * installed. With it `npm ci --offline` installs from the local npm cache alone: npm needs no
 * registry metadata for locked packages, only the tarballs the repository's install cached (found
 * by integrity). It is npm, not this function, that then checks the tree is consistent.
 *
 * The tree is the repository's tree cut down to what the consumer's roots reach (dependencies,
 * optional dependencies that are locked, required peers), every package kept at the path it has
 * in the repository: a node's nearest ancestor holding a name is the same in both trees, so every
 * require resolves as it does in the repository.
 */
export function consumerLock(
  repoLock: { packages: Record<string, LockEntry> },
  manifest: PackedManifest,
  tarball: { spec: string; integrity: string },
  extra: readonly string[],
): object {
  const packages = repoLock.packages;
  const kept = new Map<string, LockEntry>();

  /** The lockfile path `name` resolves to from the package at `from` ('' is the root). */
  const resolve = (name: string, from: string): string | undefined => {
    for (let dir = from; ;) {
      const path = `${dir === '' ? '' : `${dir}/`}node_modules/${name}`;
      if (packages[path] !== undefined) return path;
      if (dir === '') return undefined;
      const at = dir.lastIndexOf('/node_modules/');
      dir = at < 0 ? '' : dir.slice(0, at);
    }
  };

  const visit = (name: string, from: string, required: boolean): void => {
    const path = resolve(name, from);
    if (path === undefined) {
      if (required) throw new Error(`consumerLock: '${name}' (needed by '${from || 'the root'}') is not locked`);
      return;
    }
    if (kept.has(path)) return;
    const entry = packages[path]!;
    if (entry.link) throw new Error(`consumerLock: '${path}' is a link, which a consumer cannot have`);
    // The repository installs some of these only for development; for the consumer they are not.
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...clean } = entry;
    const base = name.split('/').pop()!;
    kept.set(path, {
      ...clean,
      resolved: entry.resolved ?? `https://registry.npmjs.org/${name}/-/${base}-${entry.version}.tgz`,
    });
    walk(entry, path);
  };

  const walk = (entry: LockEntry | PackedManifest, path: string): void => {
    for (const dep of Object.keys(entry.dependencies ?? {})) visit(dep, path, true);
    for (const dep of Object.keys((entry as LockEntry).optionalDependencies ?? {})) visit(dep, path, false);
    for (const dep of Object.keys(entry.peerDependencies ?? {})) {
      if (!entry.peerDependenciesMeta?.[dep]?.optional) visit(dep, path, true);
    }
  };

  walk(manifest, 'node_modules/incep');
  for (const name of extra) visit(name, '', true);

  const incep: LockEntry = {
    version: manifest.version,
    resolved: tarball.spec,
    integrity: tarball.integrity,
    dependencies: manifest.dependencies,
    peerDependencies: manifest.peerDependencies,
    peerDependenciesMeta: manifest.peerDependenciesMeta,
    bin: manifest.bin,
    engines: manifest.engines,
  };
  const extras = Object.fromEntries(extra.map((name) => [name, packages[`node_modules/${name}`]!.version!]));
  return {
    name: 'consumer',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'consumer', version: '1.0.0', dependencies: { incep: tarball.spec, ...extras } },
      'node_modules/incep': incep,
      ...Object.fromEntries([...kept].sort(([a], [b]) => a.localeCompare(b))),
    },
  };
}
