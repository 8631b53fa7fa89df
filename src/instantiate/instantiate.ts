import type { CodeOfSeverity, DiagnosticCode } from '../diagnostics/catalogue.js';
import { DiagnosticStop } from '../diagnostics/DiagnosticStop.js';
import { error, note, warning, type Diagnostic } from '../diagnostics/Diagnostic.js';
import { scaleFilters } from '../ops/scaleFilters.js';
import { didYouMean } from '../diagnostics/didYouMean.js';
import type { Span } from '../diagnostics/Span.js';
import type {
  AuxHead,
  BlockGraph,
  Expr,
  InstanceNode,
  ModuleIR,
  Name,
  Node,
  OpNode,
  SplitNode,
} from '../elaborate/ModuleIR.js';
import { IR_VERSION, type IRAuxHead, type IRLayer, type IRModel, type LayerScope } from '../ir/ir.js';
import { sumTotals } from '../ir/sumTotals.js';
import { LIMITS } from '../ops/limits.js';
import { type ExpandContext, type Tensor } from '../ops/OpDef.js';
import { SURFACE_OPS, type Op, type OpAttrs } from '../ops/registry.js';
import { ACTIVATIONS, type Activation, type Shape, type Value } from '../ops/types.js';
import { evaluate, type Env } from './evaluate.js';
import { parallelMismatch, residualMismatch, unusualScale, type Path } from './mergeRules.js';
import { COLLAPSE, LayerTable } from './LayerTable.js';
import { evaluateSettings } from './evaluateSettings.js';
import type { Overrides } from './overrides.js';
import { readBuild } from './readBuild.js';
import { seriesName } from './seriesName.js';

export { COLLAPSE } from './LayerTable.js';

/** The code of the warning for an aux head left out at a small input. */
export const AUX_LEFT_OUT = 'W0502';

/** Options of `instantiate`: the overrides, and whether an aux head that does not fit is an error. */
export interface InstantiateOptions extends Overrides {
  /** Treat an aux head that collapses as an error rather than leaving it out. */
  strictAux?: boolean;
}

/** The flat IR for one input, class count and width, or the first error (plus warnings before it). */
export interface Instantiation {
  ir?: IRModel;
  diagnostics: Diagnostic[];
  /** Output shapes of each module-IR node, one per instance (for the generated module's comments). */
  shapes: Map<number, Shape[]>;
  /**
   * The layers each module-IR node made, one `[start, end)` range of `ir.layers` per instance
   * (an instance's layers are added in one run): what an editor's hover sums for a call.
   */
  ranges: Map<number, Array<[number, number]>>;
  /** The layer each aux head taps, by head — also for heads left out at this input. */
  taps: Map<string, string>;
}

/** Where a node is being instantiated. */
interface Scope {
  /** The enclosing block instance's name (what a `prefix` name part stands for). */
  prefix: string;
  env: Omit<Env, 'in' | 'index'>;
  /** The tensor entering the enclosing block instance (undefined outside blocks). */
  blockInput: Tensor | undefined;
  layerScope: LayerScope;
}

/**
 * Evaluates the module IR for one input, class count and width: every repeat unrolled, every
 * expression evaluated and type-checked, every op expanded to IR layers with the shape, params
 * and MACs its definition infers, and the limits enforced. Stops at the first error (a later
 * shape would only repeat it).
 */
export function instantiate(module: ModuleIR, options: InstantiateOptions = {}): Instantiation {
  const run = new Instantiator(module, options);
  try {
    const ir = run.run();
    return { ir, diagnostics: run.warnings, shapes: run.shapes, ranges: run.ranges, taps: run.taps };
  } catch (e) {
    if (e instanceof DiagnosticStop)
      return {
        diagnostics: [...run.warnings, e.diagnostic],
        shapes: run.shapes,
        ranges: run.ranges,
        taps: run.taps,
      };
    throw e;
  }
}

class Instantiator {
  readonly warnings: Diagnostic[] = [];
  readonly shapes = new Map<number, Shape[]>();
  readonly ranges = new Map<number, Array<[number, number]>>();
  readonly taps = new Map<string, string>();
  private readonly table = new LayerTable();
  private readonly counters = new Map<string, number>();
  /** Block instances and `as`-named ops, by name, with their output layer (aux heads tap them). */
  private readonly instances = new Map<string, string>();
  private readonly graphs: Map<string, BlockGraph>;
  private classes = 1000;

  constructor(
    private readonly module: ModuleIR,
    private readonly options: InstantiateOptions,
  ) {
    this.graphs = new Map(module.blocks.map((b) => [b.key, b]));
  }

  run(): IRModel {
    const m = this.module;
    const build = readBuild(m, this.options);
    if ('diagnostic' in build) this.stop(build.diagnostic);
    this.classes = build.classes;
    const inputDims = build.input;

    const inputLayer: IRLayer = {
      name: 'input',
      op: 'input',
      attrs: {},
      inputs: [],
      shape: [null, ...inputDims],
      params: { trainable: 0, nonTrainable: 0 },
      macs: 0,
      span: m.input?.span ?? m.nameSpan,
      scope: { section: 'input' },
    };
    this.table.push(inputLayer);
    let x: Tensor = { layer: 'input', shape: inputDims };
    let features = x.layer;
    for (const s of m.sections) {
      x = this.sequence(s.body, x, this.topScope(s.name));
      if (s.name !== 'head') features = x.layer;
    }
    const aux = m.aux.flatMap((a) => this.auxHead(a));
    const freeze = m.train?.freeze;
    const frozen = freeze
      ? (this.instances.get(freeze.name) ?? (this.table.byName.has(freeze.name) ? freeze.name : undefined))
      : undefined;
    if (freeze && !frozen) {
      this.stop(
        error(
          'E0315',
          `\`freeze\` names '${freeze.name}', which is no instance or layer`,
          freeze.span,
          didYouMean(freeze.name, [...this.instances.keys()]),
        ),
      );
    }
    const ir: IRModel = {
      irVersion: IR_VERSION,
      name: m.name,
      source: m.source,
      input: inputDims,
      classes: this.classes,
      layers: this.table.layers,
      outputs: { main: x.layer, features, aux },
      totals: {
        inference: sumTotals(this.table.layers.filter((l) => l.scope.section !== 'aux')),
        withAux: sumTotals(this.table.layers),
      },
      ...(m.train
        ? { train: { ...m.train, ...(freeze && frozen ? { freeze: { ...freeze, layer: frozen } } : {}) } }
        : {}),
    };
    return ir;
  }

  private topScope(section: 'stem' | 'body' | 'head'): Scope {
    return {
      prefix: section,
      env: { params: new Map(), classes: this.classes },
      blockInput: undefined,
      layerScope: { section },
    };
  }

  private auxHead(a: AuxHead): IRAuxHead[] {
    const tap = this.instances.get(a.at) ?? (this.table.byName.has(a.at) ? a.at : undefined);
    if (!tap)
      this.stop(
        error(
          'E0307',
          `aux head '${a.name}' taps unknown instance '${a.at}'`,
          a.atSpan,
          didYouMean(a.at, [...this.instances.keys()]),
        ),
      );
    const tapped = this.table.byName.get(tap)!;
    this.taps.set(a.name, tap);
    const mark = this.table.layers.length;
    try {
      const scope: Scope = {
        prefix: a.name,
        env: { params: new Map(), classes: this.classes },
        blockInput: undefined,
        layerScope: { section: 'aux', aux: a.name },
      };
      const out = this.sequence(a.body, { layer: tapped.name, shape: tapped.shape.slice(1) as number[] }, scope);
      return [{ name: a.name, at: tapped.name, output: out.layer, weight: a.weight, span: a.span }];
    } catch (e) {
      // An aux head only serves training builds: at an input too small for it (v3 at 75x75),
      // the inference network is still valid, so the head is left out with a warning.
      if (!(e instanceof DiagnosticStop) || e.diagnostic.code !== COLLAPSE || this.options.strictAux) throw e;
      this.table.truncate(mark);
      // Named ops inside the dropped head are gone too; a later head cannot tap them.
      for (const [inst, out] of this.instances) if (!this.table.byName.has(out)) this.instances.delete(inst);
      this.warn(
        warning(
          AUX_LEFT_OUT,
          `aux head '${a.name}' is left out: ${e.diagnostic.message}`,
          a.nameSpan,
          'aux heads need a larger input; they only matter for training builds',
        ),
      );
      return [];
    }
  }

  // ---- sequences ----------------------------------------------------------------------------

  private sequence(body: readonly Node[], x: Tensor, scope: Scope): Tensor {
    for (const node of body) {
      x = this.node(node, x, scope);
    }
    return x;
  }

  private node(node: Node, x: Tensor, scope: Scope): Tensor {
    switch (node.kind) {
      case 'op':
        return this.repeated(node, x, scope, (i, y) => this.op(node, y, scope, i));
      case 'instance':
        return this.repeated(node, x, scope, (i, y) => this.instance(node, y, scope, i));
      case 'split': {
        const start = this.table.layers.length;
        return this.record(node, this.split(node, x, scope), start);
      }
    }
  }

  private repeated(
    node: OpNode | InstanceNode,
    x: Tensor,
    scope: Scope,
    one: (i: number, x: Tensor) => Tensor,
  ): Tensor {
    const times = node.repeat ? this.repeatCount(node.repeat, this.env(scope, x, 0)) : 1;
    for (let i = 0; i < times; i++) {
      const start = this.table.layers.length;
      x = this.record(node, one(i, x), start);
    }
    return x;
  }

  /** Records one instance of `node`: its output shape and the layers made since `start`. */
  private record(node: Node, x: Tensor, start: number): Tensor {
    const list = this.shapes.get(node.id);
    if (list) list.push(x.shape);
    else this.shapes.set(node.id, [x.shape]);
    const ranges = this.ranges.get(node.id);
    const range: [number, number] = [start, this.table.layers.length];
    if (ranges) ranges.push(range);
    else this.ranges.set(node.id, [range]);
    return x;
  }

  private repeatCount(e: Expr, env: Env): number {
    const v = this.value(e, env);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > LIMITS.repeat) {
      this.stop(error('E0404', `a repeat count is an integer from 1 to ${LIMITS.repeat}, found ${String(v)}`, e.span));
    }
    return v;
  }

  /** `in` is the width entering the enclosing block; outside blocks, the width entering the node. */
  private env(scope: Scope, x: Tensor, index: number): Env {
    const entering = scope.blockInput ?? x;
    // Built field by field, not spread: this runs for every op of every instance.
    const { params, classes } = scope.env;
    return { params, classes, in: entering.shape[entering.shape.length - 1] ?? 0, index };
  }

  private value(e: Expr, env: Env): Value {
    const r = evaluate(e, env);
    if (!r.ok) this.stop(r.diagnostic);
    return r.value;
  }

  private name(name: Name, scope: Scope, env: Env): string {
    return name
      .map((part) => {
        switch (part.kind) {
          case 'text':
            return part.text;
          case 'prefix':
            return scope.prefix;
          case 'number':
            return String(this.value(part.expr, env));
          case 'series':
            return seriesName(part.alias, this.repeatCount(part.times, env), env.index);
          case 'auto':
            return `${part.base}_${this.next(`block/${part.base}`)}`;
        }
      })
      .join('');
  }

  // ---- ops ----------------------------------------------------------------------------------

  private op(node: OpNode, x: Tensor, scope: Scope, index: number, forcedName?: string): Tensor {
    const env = this.env(scope, x, index);
    const s = evaluateSettings(node.op, node.settings, env);
    if (!s.ok) this.stop(s.diagnostic);
    const name = forcedName ?? this.name(node.name, scope, env);
    const out = SURFACE_OPS.get(node.op)!.expand(this.context(node, name, scope), s.settings, x);
    if (node.alias) this.instances.set(this.name(node.alias, scope, env), out.layer);
    return out;
  }

  private context(node: OpNode, name: string, scope: Scope): ExpandContext {
    return new OpContext(name, node, scope, this.table, this.options.width ?? 1, (d) => this.warn(d));
  }

  // ---- blocks -------------------------------------------------------------------------------

  private instance(node: InstanceNode, x: Tensor, scope: Scope, index: number): Tensor {
    const graph = this.graphs.get(node.block)!;
    const outer = this.env(scope, x, index);
    const prefix = this.name(node.name, scope, outer);
    const params = new Map<string, Value>();
    for (const arg of node.args) params.set(arg.param, this.value(arg.expr, outer));
    const inner: Env = { params, classes: this.classes, in: x.shape[x.shape.length - 1] ?? 0, index: 0 };
    for (const p of graph.params) {
      if (params.has(p.name)) continue;
      if (!p.default) throw new Error(`internal: '${graph.name}' needs '${p.name}', which the checker let pass`);
      params.set(p.name, this.value(p.default, inner));
    }
    const blockScope: Scope = {
      prefix,
      env: { params, classes: this.classes },
      blockInput: x,
      layerScope: {
        section: scope.layerScope.section,
        instance: prefix,
        block: graph.name,
        ...(scope.layerScope.aux ? { aux: scope.layerScope.aux } : {}),
      },
    };
    const out = this.blockBody(graph, x, blockScope, node.span);
    this.instances.set(prefix, out.layer);
    return out;
  }

  private blockBody(graph: BlockGraph, x: Tensor, scope: Scope, callSpan: Span): Tensor {
    let out: Tensor;
    if (graph.body.kind === 'branches') {
      const parts = graph.body.branches.map((b) => ({
        label: `branch ${b.label}`,
        span: b.span,
        out: this.sequence(b.body, x, { ...scope, prefix: scope.prefix }),
      }));
      out =
        parts.length === 1
          ? parts[0]!.out
          : this.concat(graph.residual ? `${scope.prefix}_mixed` : scope.prefix, parts, graph.nameSpan, scope, 'block');
    } else {
      out = this.sequence(graph.body.body, x, scope);
    }
    const residual = graph.residual;
    if (!residual) return out;
    if (residual.project) {
      const start = this.table.layers.length;
      out = this.record(residual.project, this.op(residual.project, out, scope, 0, `${scope.prefix}_conv`), start);
    }
    const env = this.env(scope, x, 0);
    const scale = this.value(residual.scale, env);
    if (typeof scale !== 'number')
      this.stop(error('E0404', "'scale' expects a number", residual.scaleSpan ?? residual.span));
    const unusual = unusualScale(scale, residual.scaleSpan ?? residual.span);
    if (unusual) this.warn(unusual);
    const act = this.value(residual.act, env);
    if (typeof act !== 'string' || !(ACTIVATIONS as readonly string[]).includes(act))
      this.stop(
        error('E0404', "'act' expects an activation such as relu or linear", residual.actSpan ?? residual.act.span),
      );
    const mismatch = residualMismatch(scope.prefix, x, out, residual.projectSpan ?? graph.nameSpan, callSpan);
    if (mismatch) this.stop(mismatch);
    const added = this.table.add('scaledadd', scope.prefix, { scale }, [x, out], residual.span, scope.layerScope);
    if (act === 'linear') return added;
    return this.table.add(
      'activation',
      `${scope.prefix}_ac`,
      { activation: act as Activation },
      [added],
      residual.span,
      scope.layerScope,
    );
  }

  private split(node: SplitNode, x: Tensor, scope: Scope): Tensor {
    const env = this.env(scope, x, 0);
    const name = this.name(node.name, scope, env);
    const parts = node.groups.map((g, i) => ({
      label: `group ${i + 1}`,
      span: g.span,
      out: this.sequence(g.body, x, scope),
    }));
    return this.concat(name, parts, node.span, scope, 'split');
  }

  private concat(name: string, parts: Path[], span: Span, scope: Scope, what: 'block' | 'split'): Tensor {
    const mismatch = parallelMismatch(name, parts, span, what);
    if (mismatch) this.stop(mismatch);
    return this.table.add(
      'concat',
      name,
      {},
      parts.map((p) => p.out),
      span,
      scope.layerScope,
    );
  }

  // ---- bookkeeping --------------------------------------------------------------------------

  private next(key: string): number {
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return n;
  }

  private warn(d: Diagnostic): void {
    if (!this.warnings.some((w) => w.code === d.code && w.span?.start.offset === d.span?.start.offset))
      this.warnings.push(d);
  }

  private stop(d: Diagnostic): never {
    throw new DiagnosticStop(d);
  }
}

/**
 * What an op's `expand` sees: one object per op instance, its methods on the prototype (a long
 * spec expands tens of thousands of ops; a literal of closures cost as much as the layers).
 */
class OpContext implements ExpandContext {
  constructor(
    readonly name: string,
    private readonly node: OpNode,
    private readonly scope: Scope,
    private readonly table: LayerTable,
    private readonly width: number,
    private readonly warn: (d: Diagnostic) => void,
  ) {}

  get blockInput(): Tensor | undefined {
    return this.scope.blockInput;
  }

  add<K extends Op>(op: K, layerName: string, attrs: OpAttrs[K], inputs: readonly Tensor[]): Tensor {
    return this.table.add(op, layerName, attrs, inputs, this.node.span, this.scope.layerScope);
  }

  macs(layer: string): number {
    return this.table.byName.get(layer)?.macs ?? 0;
  }

  fail(code: DiagnosticCode, message: string, hint?: string): never {
    throw new DiagnosticStop(error(code, message, this.node.span, hint));
  }

  range(value: number, min: number, max: number, what: string): void {
    if (!(value >= min && value <= max)) this.fail('E0404', `${what} must be from ${min} to ${max}, found ${value}`);
  }

  note(code: CodeOfSeverity<'note'>, message: string): void {
    this.warn(note(code, message, this.node.span));
  }

  filters(count: number): number {
    return this.node.fixedFilters ? count : scaleFilters(count, this.width);
  }
}
