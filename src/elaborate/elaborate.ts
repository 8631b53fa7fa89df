import { DiagnosticStop } from '../diagnostics/DiagnosticStop.js';
import { error, type Diagnostic } from '../diagnostics/Diagnostic.js';
import { LIMITS } from '../ops/limits.js';
import type * as A from '../syntax/ast.js';
import { elaborateTrain } from './elaborateTrain.js';
import { houseStyle, type HouseStyle } from './houseStyle.js';
import type {
  Argument,
  BlockGraph,
  Branch,
  Expr,
  InstanceNode,
  ModuleIR,
  Name,
  Node,
  OpNode,
  SplitNode,
  ValueKind,
} from './ModuleIR.js';
import { builtinSettings, missingRequired, resolveSettings } from './resolveSettings.js';
import { inDerivedParams, kindOf, nameExpr, num, plus, toExpr } from './toExpr.js';

/** What elaboration needs: the checked model and every block in scope. */
export interface ElaborateInput {
  model: A.ModelNode;
  blocks: ReadonlyMap<string, A.BlockDef>;
  /** The spec file, as diagnostics name it. */
  source: string;
}

/** The module IR, or the first error that stopped elaboration. */
export type ElaborateResult = { ok: true; module: ModuleIR } | { ok: false; diagnostic: Diagnostic };

/** Where a statement stands while elaborating. */
interface Scope {
  /** The layer-name prefix: a section or aux name, or the instance name plus branch labels. */
  prefix: Name;
  /** A text key of the prefix, for the counters that number unnamed ops and splits. */
  key: string;
  /** Counters of the function being elaborated (a block graph, or the top level). */
  counters: Map<string, Expr>;
  params: ReadonlySet<string>;
  /** Parameters bound from `in` (the width multiplier leaves counts made from them alone). */
  inDerived: ReadonlySet<string>;
  /** What each parameter holds. */
  kinds: ReadonlyMap<string, ValueKind>;
  /** Inside a block body: `in` is the instance's input width and `as` names are prefixed. */
  inBlock: boolean;
  /** Blocks being elaborated, outermost first. */
  stack: string[];
}

/**
 * Elaborates a checked model into the module IR: block graphs for the blocks it uses (one per
 * way `in` reaches their parameters), every op's settings through built-ins, `defaults` and
 * arguments, name templates, repeat counts and arguments as expressions. Nothing here knows an
 * input size; instantiation evaluates the result.
 */
export function elaborate(input: ElaborateInput): ElaborateResult {
  try {
    return { ok: true, module: new Elaborator(input).run() };
  } catch (e) {
    if (e instanceof DiagnosticStop) return { ok: false, diagnostic: e.diagnostic };
    throw e;
  }
}

class Elaborator {
  private nextId = 0;
  private style!: HouseStyle;
  /** Graphs by key, and per block the keys of its graphs by the parameters `in` reaches. */
  private readonly graphs = new Map<string, BlockGraph>();
  private readonly variants = new Map<string, Map<string, string>>();
  private readonly topCounters = new Map<string, Expr>();

  constructor(private readonly input: ElaborateInput) {}

  run(): ModuleIR {
    const { model } = this.input;
    const style = houseStyle(model);
    if (!style.ok) throw new DiagnosticStop(style.diagnostic);
    this.style = style.style;
    const sections = model.sections.map((s) => ({
      name: s.name,
      body: this.sequence(s.body, this.topScope(s.name)),
      comments: s.comments,
    }));
    // Stem, body and head run in that order whatever the text's order; a kind may repeat.
    const order = { stem: 0, body: 1, head: 2 } as const;
    sections.sort((a, b) => order[a.name] - order[b.name]);
    for (const a of model.aux) {
      // A negative weight would train the network to get the aux classifier wrong.
      if (a.weight && !(a.weight.value >= 0)) {
        throw new DiagnosticStop(
          error(
            'E0404',
            `an aux head's loss weight must be 0 or more, found ${a.weight.value}`,
            a.weight.span,
            'the papers use 0.3 (GoogLeNet) and 0.4 (Inception-v3)',
          ),
        );
      }
    }
    const aux = model.aux.map((a) => ({
      name: a.name.name,
      nameSpan: a.name.span,
      at: a.at.name,
      atSpan: a.at.span,
      weight: a.weight?.value ?? 1,
      span: a.span,
      comments: a.comments,
      body: this.sequence(a.body, this.topScope(a.name.name)),
    }));
    let train;
    if (model.train) {
      const t = elaborateTrain(model.train);
      if (!t.ok) throw new DiagnosticStop(t.diagnostic);
      train = t.train;
    }
    // Graphs in the order their blocks are defined (imported libraries first), variants after.
    const defined = [...this.input.blocks.keys()];
    const blocks = [...this.graphs.values()].sort((a, b) => defined.indexOf(a.name) - defined.indexOf(b.name));
    return {
      name: model.name.name,
      nameSpan: model.name.span,
      source: this.input.source,
      ...(model.input ? { input: { dims: model.input.dims, span: model.input.span } } : {}),
      classes: model.classes?.value ?? 1000,
      ...(model.classes ? { classesSpan: model.classes.span } : {}),
      defaults: this.style.defaults,
      blocks,
      sections,
      aux,
      ...(train ? { train } : {}),
      comments: model.comments,
    };
  }

  private topScope(prefix: string): Scope {
    return {
      prefix: [{ kind: 'text', text: prefix }],
      key: prefix,
      counters: this.topCounters,
      params: new Set(),
      inDerived: new Set(),
      kinds: new Map(),
      inBlock: false,
      stack: [],
    };
  }

  private sequence(body: readonly A.Statement[], scope: Scope): Node[] {
    return body.map((s) => this.statement(s, scope));
  }

  private statement(s: A.Statement, scope: Scope): Node {
    switch (s.kind) {
      case 'Call':
        return this.input.blocks.has(s.callee.name)
          ? this.instance(s, this.input.blocks.get(s.callee.name)!, scope)
          : this.op(s, scope);
      case 'Split':
        return this.split(s, scope);
      case 'Branch':
      case 'Project':
        throw new Error(`internal: '${s.kind}' outside a block body passed the checker`);
    }
  }

  private op(call: A.CallStmt, scope: Scope, forcedName?: Name): OpNode {
    const op = call.callee.name;
    const r = resolveSettings(op, call.args, scope, this.style.defaults.get(op) ?? builtinSettings(op), this.style.bn);
    if (!r.ok) throw new DiagnosticStop(r.diagnostic);
    const missing = missingRequired(op, r.resolved.settings, call.span);
    if (missing) throw new DiagnosticStop(missing);
    const repeat = call.repeat ? toExpr(call.repeat, scope, false) : undefined;
    let name: Name;
    let alias: Name | undefined;
    if (forcedName) name = forcedName;
    else if (call.alias) name = alias = this.aliased(call.alias.name, scope, repeat);
    else {
      // `<prefix>_<op><n>`: n counts this op kind within the prefix, repeats included.
      const key = `${scope.key}/${op}`;
      const base = scope.counters.get(key) ?? num(0, call.span);
      const index: Expr = repeat ? { kind: 'index', span: call.span } : num(0, call.span);
      name = [
        ...scope.prefix,
        { kind: 'text', text: `_${op}` },
        { kind: 'number', expr: plus(plus(base, index), num(1, call.span)) },
      ];
      scope.counters.set(key, plus(base, repeat ?? num(1, call.span)));
    }
    return {
      kind: 'op',
      id: this.nextId++,
      op,
      settings: r.resolved.settings,
      fixedFilters: r.resolved.fixedFilters,
      name,
      ...(alias ? { alias } : {}),
      ...(repeat ? { repeat } : {}),
      span: call.span,
      comments: call.comments,
    };
  }

  /** An `as` name: as written at the top level, prefixed inside a block; repeated, a series. */
  private aliased(alias: string, scope: Scope, repeat: Expr | undefined): Name {
    const own: Name = [repeat ? { kind: 'series', alias, times: repeat } : { kind: 'text', text: alias }];
    return scope.inBlock ? [...scope.prefix, { kind: 'text', text: '_' }, ...own] : own;
  }

  private split(s: A.SplitStmt, scope: Scope): SplitNode {
    const key = `${scope.key}/split`;
    const n = ((scope.counters.get(key) as { value?: number } | undefined)?.value ?? 0) + 1;
    scope.counters.set(key, num(n, s.span));
    const name: Name = s.alias
      ? this.aliased(s.alias.name, scope, undefined)
      : [...scope.prefix, { kind: 'text', text: `_split${n}` }];
    const nameKey = s.alias ? `${scope.key}_${s.alias.name}` : `${scope.key}_split${n}`;
    return {
      kind: 'split',
      id: this.nextId++,
      name,
      named: s.alias !== undefined,
      span: s.alias?.span ?? s.keywordSpan,
      comments: s.comments,
      groups: s.groups.map((g, i) => ({
        span: g.span,
        body: this.sequence(g.body, {
          ...scope,
          prefix: [...name, { kind: 'text', text: `_${i + 1}` }],
          key: `${nameKey}_${i + 1}`,
        }),
      })),
    };
  }

  private instance(call: A.CallStmt, block: A.BlockDef, scope: Scope): InstanceNode {
    if (scope.stack.length >= LIMITS.depth)
      throw new DiagnosticStop(error('E0311', `blocks nest deeper than ${LIMITS.depth}`, call.span));
    const derived = inDerivedParams(call, block, scope.inDerived);
    const args: Argument[] = [];
    let position = 0;
    for (const arg of call.args) {
      const keyword = arg.kind === 'Keyword';
      const param = keyword ? arg.key.name : block.params[position++]?.name.name;
      if (param === undefined)
        throw new Error(`internal: too many arguments to '${block.name.name}' passed the checker`);
      const value = arg.kind === 'Word' ? undefined : arg.value;
      if (value && (value.kind === 'Dims' || value.kind === 'Stride'))
        throw new Error('internal: a size as a block argument passed the checker');
      args.push({
        param,
        keyword,
        expr: value ? toExpr(value, scope) : nameExpr((arg as A.WordArg).name.name, arg.span, scope),
      });
    }
    const kinds = new Map(args.map((a) => [a.param, kindOf(a.expr, scope.kinds)]));
    const graph = this.graph(block, derived, kinds, [...scope.stack, block.name.name]);
    const repeat = call.repeat ? toExpr(call.repeat, scope, false) : undefined;
    const own: Name = [
      call.alias
        ? repeat
          ? { kind: 'series', alias: call.alias.name, times: repeat }
          : { kind: 'text', text: call.alias.name }
        : { kind: 'auto', base: snakeCase(block.name.name) },
    ];
    const name = scope.inBlock ? [...scope.prefix, { kind: 'text' as const, text: '_' }, ...own] : own;
    return {
      kind: 'instance',
      id: this.nextId++,
      block: graph,
      args,
      name,
      ...(repeat ? { repeat } : {}),
      span: call.span,
      comments: call.comments,
    };
  }

  /**
   * The graph of `block` for the parameters a call binds from `in` and what its arguments hold
   * (`given`; defaults add theirs), elaborated once per such variant.
   */
  private graph(
    block: A.BlockDef,
    derived: ReadonlySet<string>,
    given: ReadonlyMap<string, ValueKind>,
    stack: string[],
  ): string {
    const declared = new Set<string>();
    const kinds = new Map<string, ValueKind>();
    const params = block.params.map((p) => {
      // A default sees the parameters before it.
      const d = p.default;
      if (d && (d.kind === 'Dims' || d.kind === 'Stride'))
        throw new Error('internal: a size as a parameter default passed the checker');
      const value = d ? toExpr(d, { params: declared }) : undefined;
      const kind = given.get(p.name.name) ?? (value ? kindOf(value, kinds) : 'number');
      kinds.set(p.name.name, kind);
      declared.add(p.name.name);
      return { name: p.name.name, kind, span: p.span, ...(value ? { default: value } : {}) };
    });
    const variant = `${[...derived].sort().join(',')};${params.map((p) => p.kind).join(',')}`;
    const known = this.variants.get(block.name.name) ?? new Map<string, string>();
    this.variants.set(block.name.name, known);
    const existing = known.get(variant);
    if (existing) return existing;
    const key = known.size === 0 ? block.name.name : `${block.name.name}_${known.size + 1}`;
    known.set(variant, key);
    const scope: Scope = {
      prefix: [{ kind: 'prefix' }],
      key: '#',
      counters: new Map(),
      params: declared,
      inDerived: derived,
      kinds,
      inBlock: true,
      stack,
    };
    const graph: BlockGraph = {
      key,
      name: block.name.name,
      nameSpan: block.name.span,
      params,
      body: { kind: 'sequence', body: [] },
      comments: block.comments,
    };
    this.graphs.set(key, graph);
    const branches = block.body.filter((s): s is A.BranchStmt => s.kind === 'Branch');
    if (branches.length > 0) {
      graph.body = {
        kind: 'branches',
        branches: branches.map((b, i): Branch => {
          const label = b.name?.name ?? `b${i + 1}`;
          return {
            label,
            span: b.keywordSpan,
            comments: b.comments,
            body: this.sequence(b.body, {
              ...scope,
              prefix: [{ kind: 'prefix' }, { kind: 'text', text: `_${label}` }],
              key: `#_${label}`,
            }),
          };
        }),
      };
    } else {
      graph.body = {
        kind: 'sequence',
        body: this.sequence(
          block.body.filter((s) => s.kind !== 'Project'),
          scope,
        ),
      };
    }
    if (block.residual) {
      let scale: Expr = num(1, block.residual.span);
      let act: Expr = this.style.act;
      let scaleSpan;
      let actSpan;
      for (const arg of block.residual.args) {
        if (arg.kind !== 'Keyword' || arg.value.kind === 'Dims' || arg.value.kind === 'Stride')
          throw new Error('internal: a residual argument passed the checker');
        const e = toExpr(arg.value, scope);
        if (arg.key.name === 'scale') {
          scale = e;
          scaleSpan = arg.span;
        } else {
          act = e;
          actSpan = arg.span;
        }
      }
      const project = block.body.find((s): s is A.ProjectStmt => s.kind === 'Project');
      graph.residual = {
        scale,
        act,
        span: block.residual.span,
        scaleSpan,
        actSpan,
        projectSpan: project?.span,
        ...(project
          ? {
              project: {
                ...this.op(project.call, scope, [{ kind: 'prefix' }, { kind: 'text', text: '_conv' }]),
                comments: project.comments,
              },
            }
          : {}),
      };
    }
    return key;
  }
}

/** `ReductionA` → `reduction_a`: the base of an unnamed instance's name. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}
