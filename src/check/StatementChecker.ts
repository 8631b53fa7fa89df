import { error, type Diagnostic } from '../diagnostics/Diagnostic.js';
import { didYouMean } from '../diagnostics/didYouMean.js';
import { SURFACE_OPS } from '../ops/registry.js';
import { kerasGuess, PADDING_VALUES_HINT } from './kerasGuess.js';
import { OPTION_CALLS, VALUE_WORDS } from '../ops/words.js';
import type * as A from '../syntax/ast.js';

/** Names every expression may use besides block parameters. */
export const BUILTIN_NAMES = ['in', 'classes', 'true', 'false'];

/**
 * Walks block bodies, model sections and aux heads, pushing a diagnostic for each name, argument
 * or statement that cannot be right whatever the values: unknown ops, blocks, names, settings and
 * words, block-call arity, misplaced `branch`/`project`, and duplicate parameters and branches.
 */
export class StatementChecker {
  constructor(
    private readonly blocks: ReadonlyMap<string, A.BlockDef>,
    private readonly diagnostics: Diagnostic[],
  ) {}

  /** Checks one block definition: its parameters, `residual(…)` settings and body. */
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

  /** Checks a sequence of statements (a model section, aux head, branch or split group). */
  sequence(body: readonly A.Statement[], names: ReadonlySet<string>): void {
    for (const s of body) this.statement(s, names);
  }

  private statement(s: A.Statement, names: ReadonlySet<string>): void {
    switch (s.kind) {
      case 'Call': {
        this.call(s, names);
        return;
      }
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
      else if (arg.kind === 'Keyword' && arg.key.name in spec.keys) {
        const v = arg.value;
        // `padding=full` / `padding=causal`: say what padding can be, not which names are in scope.
        if (arg.key.name === 'padding' && v.kind === 'Name' && !names.has(v.name) && !VALUE_WORDS.has(v.name))
          this.diagnostics.push(error('E0302', `unknown name '${v.name}'`, v.span, PADDING_VALUES_HINT));
        else this.names(v, names, true);
      } else if (arg.kind === 'Word')
        for (const inner of arg.args ?? []) if (inner.kind !== 'Word') this.names(inner.value, names, true);
      if (arg.kind === 'Keyword' && !(arg.key.name in spec.keys)) {
        this.diagnostics.push(
          error(
            'E0405',
            `'${name}' has no setting '${arg.key.name}'`,
            arg.key.span,
            kerasGuess(name, arg.key.name, spec, true) ?? didYouMean(arg.key.name, Object.keys(spec.keys)),
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
            : (kerasGuess(name, word, spec, false) ??
              didYouMean(word, [...Object.keys(spec.flags), ...names]) ??
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
