import { error, type Diagnostic } from '../diagnostics/Diagnostic.js';
import { didYouMean } from '../diagnostics/didYouMean.js';
import { SURFACE_OPS } from '../ops/registry.js';
import { OPTION_CALLS, VALUE_WORDS } from '../ops/words.js';
import type * as A from '../syntax/ast.js';

/** Blocks in scope and what the static checks found. */
export interface CheckResult {
  blocks: Map<string, A.BlockDef>;
  diagnostics: Diagnostic[];
}

/** Names every expression may use besides block parameters. */
const BUILTIN_NAMES = ['in', 'classes', 'true', 'false'];

/**
 * The checks that need no evaluation, run over every block whether used or not, so one run shows
 * every misspelt op, argument, parameter or block: duplicate definitions, unknown names (with
 * suggestions), block-call arity, where `branch` and `project` may stand, and block recursion.
 * Shapes and values are checked while lowering.
 */
export function checkProgram(file: A.FileNode, libraries: readonly A.FileNode[]): CheckResult {
  const diagnostics: Diagnostic[] = [];
  const blocks = new Map<string, A.BlockDef>();
  const define = (b: A.BlockDef) => {
    const first = blocks.get(b.name.name);
    if (first) {
      diagnostics.push(
        error('E0303', `block '${b.name.name}' is defined twice`, b.name.span, 'rename one of them', [
          { span: first.name.span, message: 'first defined here' },
        ]),
      );
      return;
    }
    if (SURFACE_OPS.has(b.name.name)) {
      diagnostics.push(
        error('E0303', `block '${b.name.name}' has the name of an op`, b.name.span, 'choose another name'),
      );
      return;
    }
    blocks.set(b.name.name, b);
  };
  for (const lib of libraries) lib.blocks.forEach(define);
  file.blocks.forEach(define);
  for (const m of file.models) m.blocks.forEach(define);

  if (file.models.length > 1) {
    diagnostics.push(
      error(
        'E0304',
        'a file defines at most one model',
        file.models[1]!.name.span,
        'put each model in its own file and share blocks with `import`',
      ),
    );
  }
  for (const m of file.models) {
    for (const d of m.duplicates) {
      diagnostics.push(
        error('E0303', `'${d.what}' is given twice`, d.span, undefined, [
          { span: d.first, message: 'first given here' },
        ]),
      );
    }
    for (const item of m.defaults?.items ?? []) {
      if (!SURFACE_OPS.has(item.op.name))
        diagnostics.push(
          error(
            'E0301',
            `unknown op '${item.op.name}' in defaults`,
            item.op.span,
            didYouMean(item.op.name, [...SURFACE_OPS.keys()]),
          ),
        );
    }
    const auxNames = new Map<string, A.AuxDecl>();
    for (const a of m.aux) {
      const first = auxNames.get(a.name.name);
      if (first)
        diagnostics.push(
          error('E0303', `aux head '${a.name.name}' is defined twice`, a.name.span, undefined, [
            { span: first.name.span, message: 'first defined here' },
          ]),
        );
      auxNames.set(a.name.name, a);
    }
  }

  const checker = new StatementChecker(blocks, diagnostics);
  for (const b of blocks.values()) checker.block(b);
  for (const m of file.models) {
    // A defaults line reads like an op's arguments; only `classes` is a name there.
    for (const item of m.defaults?.items ?? []) {
      if (SURFACE_OPS.has(item.op.name)) checker.opArgs(item.op.name, item.args, new Set(['classes', 'true', 'false']));
    }
    for (const s of m.sections) checker.sequence(s.body, new Set(BUILTIN_NAMES));
    for (const a of m.aux) checker.sequence(a.body, new Set(BUILTIN_NAMES));
  }
  diagnostics.push(...recursion(blocks));
  return { blocks, diagnostics };
}

class StatementChecker {
  constructor(
    private readonly blocks: ReadonlyMap<string, A.BlockDef>,
    private readonly diagnostics: Diagnostic[],
  ) {}

  block(b: A.BlockDef): void {
    const names = new Set(BUILTIN_NAMES);
    const declared = new Map<string, A.Param>();
    for (const p of b.params) {
      const first = declared.get(p.name.name);
      if (first) {
        this.diagnostics.push(
          error('E0303', `parameter '${p.name.name}' is declared twice`, p.name.span, 'rename one of them', [
            { span: first.name.span, message: 'first declared here' },
          ]),
        );
      } else if (BUILTIN_NAMES.includes(p.name.name) || isReservedWord(p.name.name)) {
        this.diagnostics.push(
          error(
            'E0303',
            `'${p.name.name}' cannot name a parameter: it already means something`,
            p.name.span,
            'choose another name',
          ),
        );
      }
      // A default sees the parameters before it (they are bound in order).
      if (p.default) this.value(p.default, names);
      names.add(p.name.name);
      if (!first) declared.set(p.name.name, p);
    }
    for (const arg of b.residual?.args ?? []) {
      if (arg.kind !== 'Keyword' || (arg.key.name !== 'scale' && arg.key.name !== 'act')) {
        const key = arg.kind === 'Keyword' ? arg.key.name : arg.kind === 'Word' ? arg.name.name : '';
        this.diagnostics.push(
          error(
            'E0405',
            'residual takes scale= and act=',
            arg.span,
            didYouMean(key, ['scale', 'act']) ?? 'e.g. `residual(scale=0.17, act=relu)`',
          ),
        );
      } else if (arg.value.kind === 'Dims' || arg.value.kind === 'Stride') {
        this.diagnostics.push(
          error(
            'E0404',
            `'${arg.key.name}' takes ${arg.key.name === 'scale' ? 'a number' : 'an activation'}, not a size`,
            arg.value.span,
          ),
        );
      } else {
        this.names(arg.value, names, true);
      }
    }
    const hasBranches = b.body.some((s) => s.kind === 'Branch');
    this.branchNames(b);
    for (const s of b.body) {
      if (s.kind === 'Branch') this.sequence(s.body, names);
      else if (s.kind === 'Project') {
        if (!b.residual)
          this.diagnostics.push(
            error(
              'E0310',
              '`project` belongs directly in a residual block body',
              s.keywordSpan,
              `declare it as \`block ${b.name.name} residual(scale=0.2) { … }\``,
            ),
          );
        this.project(s, b, names);
      } else {
        if (hasBranches)
          this.diagnostics.push(
            error(
              'E0313',
              'a block body is either all branches or a plain sequence',
              s.span,
              'put this statement inside a `branch { … }`',
            ),
          );
        this.statement(s, names);
      }
    }
  }

  /** Branch labels name layers (`mixed0_branch1x1_conv1`); an unnamed branch N is `bN`. */
  private branchNames(b: A.BlockDef): void {
    const seen = new Map<string, A.BranchStmt>();
    b.body
      .filter((s): s is A.BranchStmt => s.kind === 'Branch')
      .forEach((branch, i) => {
        const label = branch.name?.name ?? `b${i + 1}`;
        const first = seen.get(label);
        if (first) {
          const hint =
            branch.name && first.name
              ? 'rename one of them'
              : `an unnamed branch is called 'b<position>'; name the branches explicitly`;
          this.diagnostics.push(
            error(
              'E0303',
              `branch '${label}' is defined twice in block '${b.name.name}'`,
              branch.name?.span ?? branch.keywordSpan,
              hint,
              [{ span: first.name?.span ?? first.keywordSpan, message: 'first defined here' }],
            ),
          );
        } else {
          seen.set(label, branch);
        }
      });
  }

  /** A block argument or parameter default: a number or a word, not a size (E0404). */
  private value(value: A.Value, names: ReadonlySet<string>): void {
    if (value.kind === 'Dims' || value.kind === 'Stride')
      this.diagnostics.push(error('E0404', 'block parameters take numbers or words, not sizes', value.span));
    else this.names(value, names, true);
  }

  /**
   * Unknown names inside an expression (E0302), so one run shows them all, in unused blocks too.
   * `words`: whether a value word (`relu`, `same`, `stacked`) may stand for itself there, as in
   * `key=value`.
   */
  private names(value: A.Value, names: ReadonlySet<string>, words: boolean): void {
    switch (value.kind) {
      case 'Name':
        if (!names.has(value.name) && !(words && VALUE_WORDS.has(value.name))) {
          const repeat = /^x(\d+)$/.exec(value.name);
          const hint = repeat
            ? `to repeat, write \`x ${repeat[1]}\` with a space`
            : (didYouMean(value.name, [...names, ...(words ? VALUE_WORDS : [])]) ??
              `names here: ${[...names].join(', ')}`);
          this.diagnostics.push(error('E0302', `unknown name '${value.name}'`, value.span, hint));
        }
        return;
      case 'Binary':
        this.names(value.left, names, false);
        this.names(value.right, names, false);
        return;
      case 'Unary':
        this.names(value.operand, names, false);
        return;
      default:
        return;
    }
  }

  /**
   * `project` is one conv (or sepconv) named `<instance>_conv`, the Keras name weights map by:
   * no block, no repeat, no `as`, and only one per block.
   */
  private project(s: A.ProjectStmt, b: A.BlockDef, names: ReadonlySet<string>): void {
    const first = b.body.find((t): t is A.ProjectStmt => t.kind === 'Project');
    if (first && first !== s) {
      this.diagnostics.push(
        error(
          'E0310',
          'a residual block has one `project`',
          s.keywordSpan,
          'put the projection in one conv; for more layers, add them to the branches',
          [{ span: first.keywordSpan, message: 'the first projection' }],
        ),
      );
    }
    const op = s.call.callee.name;
    if (op !== 'conv' && op !== 'sepconv') {
      this.diagnostics.push(
        error(
          'E0310',
          `\`project\` takes a conv, found '${op}'`,
          s.call.callee.span,
          'e.g. `project conv in 1x1 bias linear nobn`',
        ),
      );
      return;
    }
    if (s.call.repeat)
      this.diagnostics.push(
        error('E0310', '`project` cannot repeat', s.call.repeat.span, 'the projection is one conv'),
      );
    if (s.call.alias)
      this.diagnostics.push(
        error(
          'E0310',
          '`project` cannot be renamed',
          s.call.alias.span,
          'it is always named `<instance>_conv`, as in Keras',
        ),
      );
    this.call(s.call, names);
  }

  sequence(body: readonly A.Statement[], names: ReadonlySet<string>): void {
    for (const s of body) this.statement(s, names);
  }

  private statement(s: A.Statement, names: ReadonlySet<string>): void {
    switch (s.kind) {
      case 'Call':
        return this.call(s, names);
      case 'Split':
        if (s.groups.length < 2) {
          this.diagnostics.push(
            error(
              'E0314',
              'a split needs at least two groups',
              s.keywordSpan,
              'write `split { … } { … }`, or drop `split` for a single path',
            ),
          );
        }
        for (const g of s.groups) this.sequence(g.body, names);
        return;
      case 'Branch':
        this.diagnostics.push(
          error(
            'E0309',
            '`branch` belongs directly in a block body',
            s.keywordSpan,
            'inside a sequence, write parallel paths with `split { … } { … }`',
          ),
        );
        return;
      case 'Project':
        this.diagnostics.push(
          error(
            'E0310',
            '`project` belongs directly in a residual block body',
            s.keywordSpan,
            'declare the block with `block Name residual(scale=0.2) { … }`',
          ),
        );
        return;
    }
  }

  private call(call: A.CallStmt, names: ReadonlySet<string>): void {
    const name = call.callee.name;
    const spec = SURFACE_OPS.get(name);
    const block = this.blocks.get(name);
    if (!spec && !block) {
      this.diagnostics.push(
        error(
          'E0301',
          `unknown op or block '${name}'`,
          call.callee.span,
          didYouMean(name, [...SURFACE_OPS.keys(), ...this.blocks.keys()]),
        ),
      );
      return;
    }
    if (block) {
      this.blockCall(call, block, names);
      return;
    }
    if (call.repeat) this.names(call.repeat, names, false);
    this.opArgs(name, call.args, names);
  }

  /** Keys, words and option calls of an op's arguments (E0405, E0406) and the names they use. */
  opArgs(name: string, args: readonly A.Arg[], names: ReadonlySet<string>): void {
    const spec = SURFACE_OPS.get(name)!.syntax;
    for (const arg of args) {
      if (arg.kind === 'Positional') this.names(arg.value, names, false);
      else if (arg.kind === 'Keyword' && arg.key.name in spec.keys) this.names(arg.value, names, true);
      else if (arg.kind === 'Word')
        for (const inner of arg.args ?? []) if (inner.kind !== 'Word') this.names(inner.value, names, true);
      if (arg.kind === 'Keyword' && !(arg.key.name in spec.keys)) {
        this.diagnostics.push(
          error(
            'E0405',
            `'${name}' has no setting '${arg.key.name}'`,
            arg.key.span,
            didYouMean(arg.key.name, Object.keys(spec.keys)),
          ),
        );
      } else if (arg.kind === 'Word') {
        const word = arg.name.name;
        if (arg.args) {
          if (!(word in OPTION_CALLS) || !(word in spec.keys)) {
            this.diagnostics.push(
              error(
                'E0405',
                `'${name}' takes no option '${word}(…)'`,
                arg.name.span,
                didYouMean(
                  word,
                  Object.keys(OPTION_CALLS).filter((k) => k in spec.keys),
                ),
              ),
            );
          } else {
            for (const inner of arg.args) {
              const key = inner.kind === 'Keyword' ? inner.key : undefined;
              if (key && !(key.name in SURFACE_OPS.get(OPTION_CALLS[word]!)!.syntax.keys)) {
                this.diagnostics.push(
                  error(
                    'E0405',
                    `'${word}' has no setting '${key.name}'`,
                    key.span,
                    didYouMean(key.name, Object.keys(SURFACE_OPS.get(OPTION_CALLS[word]!)!.syntax.keys)),
                  ),
                );
              }
            }
          }
        } else if (
          !(word in spec.flags) &&
          !(names.has(word) && word !== 'true' && word !== 'false') &&
          !(word === 'bn' && 'bn' in spec.keys)
        ) {
          // `x2` lexes as one word: the repeat needs a space (`x 2`).
          const repeat = /^x(\d+)$/.exec(word);
          const hint = repeat
            ? `to repeat, write \`x ${repeat[1]}\` with a space`
            : (didYouMean(word, [...Object.keys(spec.flags), ...names]) ??
              `'${name}' understands ${Object.keys(spec.flags).slice(0, 8).join(', ') || 'no words'}`);
          this.diagnostics.push(error('E0406', `unknown word '${word}' for '${name}'`, arg.span, hint));
        }
      }
    }
  }

  private blockCall(call: A.CallStmt, block: A.BlockDef, names: ReadonlySet<string>): void {
    const params = block.params.map((p) => p.name.name);
    const usage = `usage: ${block.name.name}(${block.params.map((p) => (p.default ? `${p.name.name}=…` : p.name.name)).join(', ')})`;
    const count = call.args.filter((a) => a.kind !== 'Keyword').length;
    let positional = 0;
    const given = new Map<string, A.Arg>();
    const give = (param: string, arg: A.Arg): void => {
      const first = given.get(param);
      if (first)
        this.diagnostics.push(
          error('E0312', `parameter '${param}' is given twice`, arg.span, usage, [
            { span: first.span, message: 'first given here' },
          ]),
        );
      else given.set(param, arg);
    };
    if (call.repeat) this.names(call.repeat, names, false);
    for (const arg of call.args) {
      if (arg.kind !== 'Word') this.value(arg.value, names);
      if (arg.kind === 'Keyword') {
        if (!params.includes(arg.key.name)) {
          this.diagnostics.push(
            error(
              'E0405',
              `block '${block.name.name}' has no parameter '${arg.key.name}'`,
              arg.key.span,
              didYouMean(arg.key.name, params) ?? usage,
            ),
          );
        } else {
          give(arg.key.name, arg);
        }
        continue;
      }
      if (
        arg.kind === 'Word' &&
        !names.has(arg.name.name) &&
        !isReservedWord(arg.name.name) &&
        !VALUE_WORDS.has(arg.name.name)
      ) {
        // `x2` lexes as one word: the repeat needs a space (`x 2`).
        const repeat = /^x(\d+)$/.exec(arg.name.name);
        const hint = repeat
          ? `to repeat, write \`x ${repeat[1]}\` with a space`
          : didYouMean(arg.name.name, [...names]);
        this.diagnostics.push(error('E0302', `unknown name '${arg.name.name}'`, arg.span, hint));
        if (repeat) return;
      }
      const p = params[positional++];
      if (p === undefined) {
        this.diagnostics.push(
          error(
            'E0403',
            `block '${block.name.name}' takes ${params.length === 0 ? 'no arguments' : `${params.length} argument${params.length === 1 ? '' : 's'}`}, given ${count}`,
            arg.span,
            usage,
          ),
        );
        return;
      }
      give(p, arg);
    }
    const missing = block.params.filter((p) => !p.default && !given.has(p.name.name)).map((p) => p.name.name);
    if (missing.length > 0) {
      this.diagnostics.push(
        error(
          'E0403',
          `block '${block.name.name}' needs a value for ${missing.map((m) => `'${m}'`).join(', ')}`,
          call.callee.span,
          usage,
        ),
      );
    }
  }
}

/** Words with a fixed meaning (activations, paddings); a parameter may not shadow them. */
function isReservedWord(name: string): boolean {
  return [...SURFACE_OPS.values()].some((op) => name in op.syntax.flags);
}

/** Block definitions that use themselves, directly or through others. */
function recursion(blocks: ReadonlyMap<string, A.BlockDef>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const callsOf = (body: readonly A.Statement[]): A.CallStmt[] =>
    body.flatMap((s) => {
      if (s.kind === 'Call') return [s];
      if (s.kind === 'Branch') return callsOf(s.body);
      if (s.kind === 'Split') return s.groups.flatMap((g) => callsOf(g.body));
      return [s.call];
    });
  const visit = (name: string, path: string[]): void => {
    state.set(name, 'visiting');
    for (const c of callsOf(blocks.get(name)!.body)) {
      const callee = c.callee.name;
      if (!blocks.has(callee)) continue;
      if (state.get(callee) === 'visiting') {
        const cycle = [...path.slice(path.indexOf(callee)), callee].join(' → ');
        out.push(
          error(
            'E0311',
            `block '${callee}' uses itself (${cycle})`,
            c.callee.span,
            'blocks cannot be recursive; repeat with `x N` instead',
          ),
        );
      } else if (!state.has(callee)) {
        visit(callee, [...path, callee]);
      }
    }
    state.set(name, 'done');
  };
  for (const name of blocks.keys()) if (!state.has(name)) visit(name, [name]);
  return out;
}
