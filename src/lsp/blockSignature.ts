import type * as A from '../syntax/ast.js';

/** `block A(pool, k=3)`: how a definition reads. */
export function blockSignature(def: A.BlockDef, text: string | undefined): string {
  const params = def.params.map((p) =>
    p.default && text !== undefined
      ? `${p.name.name}=${text.slice(p.default.span.start.offset, p.default.span.end.offset)}`
      : p.name.name,
  );
  return `block ${def.name.name}${params.length > 0 ? `(${params.join(', ')})` : ''}`;
}
