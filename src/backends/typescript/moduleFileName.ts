/** The file an emitted TypeScript module is written to: the spec's name, `.incep` replaced by `.ts`. */
export function moduleFileName(specSource: string): string {
  return `${specSource.replace(/^.*[\\/]/, '').replace(/\.incep$/, '')}.ts`;
}
