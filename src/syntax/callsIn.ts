import type * as A from './ast.js';

/** Every call of a body, in source order: inside branches and split groups, and `project` calls. */
export function callsIn(body: readonly A.Statement[]): A.CallStmt[] {
  return body.flatMap((s) => {
    if (s.kind === 'Call') return [s];
    if (s.kind === 'Branch') return callsIn(s.body);
    if (s.kind === 'Split') return s.groups.flatMap((g) => callsIn(g.body));
    return [s.call];
  });
}
