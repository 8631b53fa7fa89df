import { error, warning, type Diagnostic, type RelatedInformation } from '../diagnostics/Diagnostic.js';
import { didYouMean } from '../diagnostics/didYouMean.js';
import type { Span } from '../diagnostics/Span.js';
import { IR_VERSION, type Activation, type IRAuxHead, type IRLayer, type IRModel, type LayerScope, type OpAttrs, type Padding } from '../ir/ir.js';
import type * as A from '../syntax/ast.js';
import { evaluate, type Env, type Value } from './evaluate.js';
import { BN_BUILTIN, OPS, VALUE_WORDS, type BnSetting } from './opTable.js';
import { applyArgs, builtinSettings, toBn, usageHint, type Settings } from './settings.js';
import { convOutputLength } from './shapeMath.js';
import { sumTotals } from '../ir/sumTotals.js';
import { houseStyle } from './houseStyle.js';
import { lowerTrain } from './lowerTrain.js';
import { aliasSeries, inDerivedParams, mentionsIn, seriesName, snakeCase } from './naming.js';

/** The code of the "spatial size collapses" error, which `compile` completes with the smallest input that works. */
export const COLLAPSE = 'E0503';

/** The code of the warning for an aux head left out at a small input. */
export const AUX_LEFT_OUT = 'W0502';

/** Limits that keep any spec from exhausting memory before an error is shown. */
export const LIMITS = { params: 1_000_000_000, layers: 100_000, repeat: 1_000, filters: 65_536, kernel: 1_024, side: 16_384, channels: 4_096, classes: 1_000_000, depth: 64 };

/** What lowering needs besides the model: every block in scope and the compile-time overrides. */
export interface LowerInput {
  model: A.ModelNode;
  blocks: ReadonlyMap<string, A.BlockDef>;
  source: string;
  overrides?: { classes?: number; input?: [number, number, number]; width?: number };
  /** Treat an aux head that collapses as an error rather than leaving it out. */
  strictAux?: boolean;
}

/** A lowered model, or the first error that stopped lowering (plus any warnings before it). */
export interface LowerResult {
  ir?: IRModel;
  diagnostics: Diagnostic[];
}

/** A tensor flowing through the spec: the layer that made it and its shape without batch. */
interface Tensor {
  layer: string;
  shape: number[];
}

interface Scope {
  prefix: string;
  env: Env;
  layerScope: LayerScope;
  /** Blocks being expanded, to report recursion. */
  stack: string[];
  /** Parameters in scope bound from `in` (see `inDerivedParams`). */
  inDerived?: ReadonlySet<string>;
}

/** The i-th (0-based) of `times` repetitions of an op. */
interface Repeat {
  i: number;
  times: number;
}

/** How `factorize` splits a conv. */
type Factorization = 'stacked' | 'asymmetric';

/** A resolved conv or sepconv, before it becomes layers. */
interface ConvSpec {
  op: 'conv' | 'sepconv';
  filters: number;
  kernel: [number, number];
  strides: [number, number];
  dilation: [number, number];
  padding: Padding;
  act: Activation;
  bn: BnSetting | null;
  useBias: boolean;
  depthMultiplier: number;
}

/** Thrown inside lowering to stop at the first error; never escapes `lower`. */
class Stop {
  constructor(readonly diagnostic: Diagnostic) {}
}

/**
 * Expands blocks, repeats and defaults into the flat IR, inferring every shape with tfjs-layers'
 * arithmetic. Lowering stops at the first error (a later shape would only repeat it).
 */
export function lower(input: LowerInput): LowerResult {
  const lowerer = new Lowerer(input);
  try {
    const ir = lowerer.run();
    return { ir, diagnostics: lowerer.warnings };
  } catch (e) {
    if (e instanceof Stop) return { diagnostics: [...lowerer.warnings, e.diagnostic] };
    throw e;
  }
}

class Lowerer {
  readonly warnings: Diagnostic[] = [];
  private readonly layers: IRLayer[] = [];
  private readonly names = new Map<string, Span>();
  private readonly counters = new Map<string, number>();
  private readonly instances = new Map<string, string>();
  private defaults = new Map<string, Settings>();
  private bnDefault: BnSetting = BN_BUILTIN;
  private classes = 1000;
  /** The residual activation unless a block says otherwise: the `conv:` default's, else relu. */
  private houseAct: Activation = 'relu';
  /** The scope of the op being lowered (for the conv helpers). */
  private scope: LayerScope = { section: 'input' };
  private paramCount = 0;

  constructor(private readonly input: LowerInput) {}

  run(): IRModel {
    const { model } = this.input;
    const inputDims = this.inputDims();
    this.classes = this.input.overrides?.classes ?? model.classes?.value ?? 1000;
    if (!Number.isInteger(this.classes) || this.classes < 1 || this.classes > LIMITS.classes) {
      const overridden = this.input.overrides?.classes !== undefined;
      this.stop(error('E0404', `classes must be an integer from 1 to ${LIMITS.classes}, found ${this.classes}${overridden ? ' (override)' : ''}`, overridden ? model.name.span : model.classes?.span ?? model.name.span));
    }
    const width = this.input.overrides?.width;
    if (width !== undefined && !(width > 0 && width <= 4)) {
      this.stop(error('E0404', `the width multiplier must be above 0 and at most 4, found ${width}`, model.name.span));
    }
    this.readDefaults();

    const inputLayer = this.add({
      name: 'input', op: 'input', attrs: {}, inputs: [], shape: [null, ...inputDims], params: zero(), macs: 0,
      span: model.input?.span ?? model.name.span, scope: { section: 'input' },
    });
    let x: Tensor = inputLayer;
    const section = (name: A.SectionName) => model.sections.filter((s) => s.name === name);
    for (const name of ['stem', 'body'] as const) {
      for (const s of section(name)) x = this.seq(s.body, x, this.topScope(name, x));
    }
    const features = x.layer;
    for (const s of section('head')) x = this.seq(s.body, x, this.topScope('head', x));
    const main = x.layer;

    const aux: IRAuxHead[] = [];
    for (const a of model.aux) {
      const tapLayer = this.instances.get(a.at.name) ?? (this.names.has(a.at.name) ? a.at.name : undefined);
      if (!tapLayer) {
        this.stop(error('E0307', `aux head '${a.name.name}' taps unknown instance '${a.at.name}'`, a.at.span, didYouMean(a.at.name, [...this.instances.keys()])));
      }
      const tapped = this.layers.find((l) => l.name === tapLayer)!;
      const weight = a.weight?.value ?? 1;
      const scope: Scope = { prefix: a.name.name, env: this.baseEnv(tapped.shape), layerScope: { section: 'aux', aux: a.name.name }, stack: [] };
      const mark = this.layers.length;
      try {
        const out = this.seq(a.body, { layer: tapped.name, shape: tapped.shape.slice(1) as number[] }, scope);
        aux.push({ name: a.name.name, at: tapped.name, output: out.layer, weight, span: a.span });
      } catch (e) {
        // An aux head only serves training builds: at an input too small for it (v3 at 75x75),
        // the inference network is still valid, so the head is left out with a warning.
        if (!(e instanceof Stop) || e.diagnostic.code !== COLLAPSE || this.input.strictAux) throw e;
        const removed = new Set(this.layers.splice(mark).map((l) => l.name));
        for (const n of removed) this.names.delete(n);
        // Named ops inside the dropped head are gone too; a later head cannot tap them.
        for (const [inst, out] of this.instances) if (removed.has(out)) this.instances.delete(inst);
        this.warn(warning(AUX_LEFT_OUT, `aux head '${a.name.name}' is left out: ${e.diagnostic.message}`, a.name.span, 'aux heads need a larger input; they only matter for training builds'));
      }
    }

    const ir: IRModel = {
      irVersion: IR_VERSION,
      name: model.name.name,
      source: this.input.source,
      input: inputDims,
      classes: this.classes,
      layers: this.layers,
      outputs: { main, features, aux },
      totals: { inference: sumTotals(this.layers.filter((l) => l.scope.section !== 'aux')), withAux: sumTotals(this.layers) },
    };
    if (model.train) {
      const train = lowerTrain(model.train);
      if (!train.ok) this.stop(train.diagnostic);
      ir.train = train.train;
    }
    return ir;
  }

  private inputDims(): [number, number, number] {
    const { model, overrides } = this.input;
    if (overrides?.input) {
      // An override has no place in the spec; its errors point at the model name.
      const [h, w, c] = overrides.input;
      if (![h, w].every((d) => Number.isInteger(d) && d >= 1 && d <= LIMITS.side) || !(Number.isInteger(c) && c >= 1 && c <= LIMITS.channels)) {
        this.stop(error('E0404', `the input override ${overrides.input.join('x')} is out of range (sides 1 to ${LIMITS.side}, channels 1 to ${LIMITS.channels})`, model.name.span));
      }
      return overrides.input;
    }
    if (!model.input) this.stop(error('E0308', `model '${model.name.name}' has no input`, model.name.span, 'add `input 299x299x3` (height x width x channels)'));
    const dims = model.input.dims;
    if (dims.length !== 3) this.stop(error('E0404', `the input is height x width x channels, found ${dims.join('x')}`, model.input.span, 'e.g. `input 299x299x3`'));
    if (dims.slice(0, 2).some((d) => d < 1 || d > LIMITS.side) || dims[2]! < 1 || dims[2]! > LIMITS.channels) {
      this.stop(error('E0404', `input sides must be from 1 to ${LIMITS.side} and channels from 1 to ${LIMITS.channels}`, model.input.span));
    }
    return [dims[0]!, dims[1]!, dims[2]!];
  }

  private readDefaults(): void {
    const r = houseStyle(this.input.model, new Map([['classes', this.classes]]));
    if (!r.ok) this.stop(r.diagnostic);
    this.defaults = r.style.defaults;
    this.bnDefault = r.style.bn;
    this.houseAct = r.style.act;
  }

  private topScope(section: 'stem' | 'body' | 'head', x: Tensor): Scope {
    return { prefix: section, env: this.baseEnv([null, ...x.shape]), layerScope: { section }, stack: [] };
  }

  private baseEnv(shape: Array<number | null>): Env {
    return new Map<string, Value>([['classes', this.classes], ['in', shape[shape.length - 1] ?? 0]]);
  }

  // ---- sequences and statements -------------------------------------------------------------

  private seq(body: A.Statement[], x: Tensor, scope: Scope): Tensor {
    for (const stmt of body) x = this.statement(stmt, x, scope);
    return x;
  }

  private statement(stmt: A.Statement, x: Tensor, scope: Scope): Tensor {
    switch (stmt.kind) {
      case 'Call':
        return this.call(stmt, x, scope);
      case 'Split': {
        if (stmt.groups.length < 2) {
          this.stop(error('E0314', 'a split needs at least two groups', stmt.keywordSpan, 'write `split { … } { … }`, or drop `split` for a single path'));
        }
        const n = this.next(`${scope.prefix}/split`);
        const name = stmt.alias ? this.aliased(stmt.alias.name, scope, undefined) : `${scope.prefix}_split${n}`;
        const groups = stmt.groups.map((g, i) => ({
          label: `group ${i + 1}`,
          span: g.span,
          out: this.seq(g.body, x, { ...scope, prefix: `${name}_${i + 1}` }),
        }));
        return this.concat(name, groups, stmt.alias?.span ?? stmt.keywordSpan, scope, 'split');
      }
      case 'Branch':
        return this.stop(error('E0309', '`branch` belongs directly in a block body', stmt.keywordSpan, 'inside a sequence, write parallel paths with `split { … } { … }`'));
      case 'Project':
        return this.stop(error('E0310', '`project` belongs directly in a residual block body', stmt.keywordSpan, 'declare the block with `block Name residual(scale=0.2) { … }`'));
    }
  }

  private call(call: A.CallStmt, x: Tensor, scope: Scope): Tensor {
    const name = call.callee.name;
    const block = this.input.blocks.get(name);
    if (block) return this.instances_(call, block, x, scope);
    if (name in OPS) {
      const times = this.repeat(call);
      for (let i = 0; i < times; i++) {
        x = this.op(call, x, scope, times > 1 ? { i, times } : undefined);
        // An aux head tapping a named op reads its final output (after BN and activation).
        if (call.alias) this.instances.set(this.aliased(call.alias.name, scope, times > 1 ? { i, times } : undefined), x.layer);
      }
      return x;
    }
    return this.stop(error('E0301', `unknown op or block '${name}'`, call.callee.span, didYouMean(name, [...Object.keys(OPS), ...this.input.blocks.keys()])));
  }

  private repeat(call: A.CallStmt): number {
    if (!call.repeat) return 1;
    const r = evaluate(call.repeat, new Map());
    if (!r.ok) this.stop(r.diagnostic);
    if (typeof r.value !== 'number' || !Number.isInteger(r.value) || r.value < 1 || r.value > LIMITS.repeat) {
      this.stop(error('E0404', `a repeat count is an integer from 1 to ${LIMITS.repeat}, found ${String(r.value)}`, call.repeat.span));
    }
    return r.value;
  }

  // ---- block instances -----------------------------------------------------------------------

  private instances_(call: A.CallStmt, block: A.BlockDef, x: Tensor, scope: Scope): Tensor {
    if (scope.stack.includes(block.name.name)) {
      this.stop(error('E0311', `block '${block.name.name}' uses itself (${[...scope.stack, block.name.name].join(' → ')})`, call.callee.span, 'blocks cannot be recursive; repeat with `x N` instead'));
    }
    if (scope.stack.length >= LIMITS.depth) this.stop(error('E0311', `blocks nest deeper than ${LIMITS.depth}`, call.span));
    const times = this.repeat(call);
    const names = this.instanceNames(call, block, times);
    for (const instance of names) {
      // Outside blocks, `in` in the arguments is the width entering this call, as for ops.
      const outer = scope.layerScope.instance ? scope.env : new Map([...scope.env, ['in', x.shape[x.shape.length - 1] ?? 0]]);
      const env = this.bindParams(call, block, x, outer);
      const prefix = scope.layerScope.instance && scope.prefix !== scope.layerScope.section ? `${scope.prefix}_${instance}` : instance;
      const inner: Scope = {
        prefix,
        env,
        inDerived: inDerivedParams(call, block, scope.inDerived ?? new Set()),
        layerScope: { section: scope.layerScope.section, instance: prefix, block: block.name.name, ...(scope.layerScope.aux ? { aux: scope.layerScope.aux } : {}) },
        stack: [...scope.stack, block.name.name],
      };
      x = this.blockBody(block, x, inner, call);
      this.instances.set(prefix, x.layer);
    }
    return x;
  }

  /** `A x 2 as mixed1` → mixed1, mixed2; `C x 3 as mixed_7b` → mixed_7b, mixed_7c, mixed_7d; `B x 3 as b` → b_1, b_2, b_3; no alias → a_1, a_2 … */
  private instanceNames(call: A.CallStmt, block: A.BlockDef, times: number): string[] {
    if (call.alias) {
      const series = aliasSeries(call.alias.name, times);
      return Array.from({ length: times }, (_, i) => seriesName(series, i));
    }
    const base = snakeCase(block.name.name);
    return Array.from({ length: times }, () => `${base}_${this.next(`block/${base}`)}`);
  }

  private bindParams(call: A.CallStmt, block: A.BlockDef, x: Tensor, outer: Env): Env {
    const env = new Map<string, Value>([['classes', this.classes], ['in', x.shape[x.shape.length - 1] ?? 0]]);
    const given = new Map<string, Value>();
    let position = 0;
    for (const arg of call.args) {
      let key: string;
      let valueNode: A.Value;
      if (arg.kind === 'Keyword') {
        key = arg.key.name;
        valueNode = arg.value;
        if (!block.params.some((p) => p.name.name === key)) {
          this.stop(error('E0405', `block '${block.name.name}' has no parameter '${key}'`, arg.key.span, didYouMean(key, block.params.map((p) => p.name.name)) ?? paramsHint(block)));
        }
      } else {
        const param = block.params[position++];
        if (!param) this.stop(error('E0403', `block '${block.name.name}' takes ${block.params.length} argument${block.params.length === 1 ? '' : 's'}, given more`, arg.span, paramsHint(block)));
        key = param.name.name;
        valueNode = arg.kind === 'Word' ? { kind: 'Name', span: arg.span, name: arg.name.name } : arg.value;
      }
      if (given.has(key)) this.stop(error('E0312', `parameter '${key}' is given twice`, arg.span));
      given.set(key, this.paramValue(valueNode, outer));
    }
    for (const p of block.params) {
      const v = given.get(p.name.name);
      if (v !== undefined) env.set(p.name.name, v);
      else if (p.default) env.set(p.name.name, this.paramValue(p.default, env));
      else this.stop(error('E0403', `block '${block.name.name}' needs a value for '${p.name.name}'`, call.callee.span, paramsHint(block)));
    }
    return env;
  }

  private paramValue(node: A.Value, env: Env): Value {
    if (node.kind === 'Dims' || node.kind === 'Stride') {
      this.stop(error('E0404', 'block parameters take numbers or words, not sizes', node.span));
    }
    const r = evaluate(node, env, VALUE_WORDS);
    if (!r.ok) this.stop(r.diagnostic);
    return r.value;
  }

  private blockBody(block: A.BlockDef, x: Tensor, scope: Scope, call: A.CallStmt): Tensor {
    const branches = block.body.filter((s): s is A.BranchStmt => s.kind === 'Branch');
    const projects = block.body.filter((s): s is A.ProjectStmt => s.kind === 'Project');
    const others = block.body.filter((s) => s.kind !== 'Branch' && s.kind !== 'Project');
    if (projects.length > 0 && !block.residual) {
      this.stop(error('E0310', '`project` belongs directly in a residual block body', projects[0]!.keywordSpan, `declare it as \`block ${block.name.name} residual(scale=0.2) { … }\``));
    }
    let out: Tensor;
    const concatName = block.residual ? `${scope.prefix}_mixed` : scope.prefix;
    if (branches.length > 0) {
      if (others.length > 0) {
        this.stop(error('E0313', 'a block body is either all branches or a plain sequence', others[0]!.span, 'put these statements inside a `branch { … }`, or use `split { … } { … }` in a sequence'));
      }
      const seen = new Map<string, Span>();
      const outs = branches.map((b, i) => {
        const label = b.name?.name ?? `b${i + 1}`;
        const first = seen.get(label);
        if (first) this.stop(error('E0303', `branch '${label}' is defined twice in block '${block.name.name}'`, b.name?.span ?? b.keywordSpan, undefined, [{ span: first, message: 'first defined here' }]));
        seen.set(label, b.name?.span ?? b.keywordSpan);
        return { label: `branch ${label}`, span: b.keywordSpan, out: this.seq(b.body, x, { ...scope, prefix: `${scope.prefix}_${label}` }) };
      });
      out = outs.length === 1 ? outs[0]!.out : this.concat(concatName, outs, block.name.span, scope, 'block');
    } else {
      out = this.seq(others, x, scope);
    }
    if (!block.residual) return out;

    for (const p of projects) out = this.op(p.call, out, scope, undefined, `${scope.prefix}_conv`);
    const { scale, act } = this.residualArgs(block, scope.env);
    const [h, w, c] = x.shape;
    const [h2, w2, c2] = out.shape;
    if (x.shape.length !== 3 || out.shape.length !== 3 || h !== h2 || w !== w2 || c !== c2) {
      const hint = h === h2 && w === w2
        ? `project the residual back to the block's ${c} channels: \`project conv in 1x1 bias linear nobn\` (\`in\` = ${c})`
        : 'a residual block must keep the spatial size: use stride 1 and same padding inside it';
      this.stop(error('E0502', `residual add in '${scope.prefix}': the block input is ${fmt(x.shape)} but the residual path gives ${fmt(out.shape)}`, projects[0]?.span ?? block.name.span, hint, [{ span: call.span, message: `instance '${scope.prefix}' is created here` }]));
    }
    const added = this.add({
      name: scope.prefix, op: 'scaledadd', attrs: { scale }, inputs: [x.layer, out.layer], shape: [null, ...x.shape],
      params: zero(), macs: 0, span: block.residual.span, scope: scope.layerScope,
    });
    if (act === 'linear') return added;
    return this.add({
      name: `${scope.prefix}_ac`, op: 'activation', attrs: { activation: act }, inputs: [added.layer], shape: [null, ...x.shape],
      params: zero(), macs: 0, span: block.residual.span, scope: scope.layerScope,
    });
  }

  private residualArgs(block: A.BlockDef, env: Env): { scale: number; act: Activation } {
    let scale = 1;
    let act: Activation = this.houseAct;
    for (const arg of block.residual!.args) {
      if (arg.kind !== 'Keyword' || (arg.key.name !== 'scale' && arg.key.name !== 'act')) {
        const key = arg.kind === 'Keyword' ? arg.key.name : arg.kind === 'Word' ? arg.name.name : '';
        this.stop(error('E0405', `residual takes scale= and act=`, arg.span, didYouMean(key, ['scale', 'act']) ?? 'e.g. `residual(scale=0.17, act=relu)`'));
      }
      const v = arg.value.kind === 'Dims' || arg.value.kind === 'Stride' ? undefined : evaluate(arg.value, env, VALUE_WORDS);
      if (v && !v.ok) this.stop(v.diagnostic);
      const value = v?.ok ? v.value : undefined;
      if (arg.key.name === 'scale') {
        if (typeof value !== 'number') this.stop(error('E0404', `'scale' expects a number`, arg.span));
        scale = value;
        if (scale !== 1 && (scale < 0.1 || scale > 0.3)) {
          this.warn(warning('W0501', `residual scale ${scale} is outside 0.1–0.3`, arg.span, 'Szegedy et al., "Inception-v4, Inception-ResNet…" (2016) §3.3: scaling residuals by 0.1–0.3 before the add keeps training stable with more than 1000 filters'));
        }
      } else {
        if (typeof value !== 'string' || !(value in OPS.act!.flags)) this.stop(error('E0404', `'act' expects an activation such as relu or linear`, arg.span));
        act = value as Activation;
      }
    }
    return { scale, act };
  }

  private concat(name: string, parts: Array<{ label: string; span: Span; out: Tensor }>, span: Span, scope: Scope, what: 'block' | 'split'): Tensor {
    const shapes = parts.map((p) => p.out.shape);
    const spatial = (s: number[]) => s.slice(0, -1).join('x');
    if (shapes.some((s) => s.length !== shapes[0]!.length || spatial(s) !== spatial(shapes[0]!))) {
      const related: RelatedInformation[] = parts.map((p) => ({ span: p.span, message: `${p.label} gives ${fmt(p.out.shape)}` }));
      const list = parts.map((p) => `${p.label}: ${fmt(p.out.shape)}`).join(', ');
      this.stop(error('E0501', `the ${what === 'block' ? 'branches' : 'groups'} of '${name}' disagree on height x width (${list})`, span, 'every parallel path must end at the same spatial size: check strides and padding (a stride-2 path needs `valid`/`same` to match the pooling path)', related));
    }
    const channels = shapes.reduce((sum, s) => sum + s[s.length - 1]!, 0);
    return this.add({
      name, op: 'concat', attrs: {}, inputs: parts.map((p) => p.out.layer), shape: [null, ...shapes[0]!.slice(0, -1), channels],
      params: zero(), macs: 0, span, scope: scope.layerScope,
    });
  }

  // ---- ops -----------------------------------------------------------------------------------

  private op(call: A.CallStmt, x: Tensor, scope: Scope, repeat: Repeat | undefined, forcedName?: string): Tensor {
    const opName = call.callee.name;
    // `in` is the width entering the enclosing block; outside blocks, the width entering the op.
    const env = new Map(scope.env);
    if (!scope.layerScope.instance) env.set('in', x.shape[x.shape.length - 1] ?? 0);
    const base = this.defaults.get(opName) ?? builtinSettings(opName);
    const r = applyArgs(opName, call.args, env, base, this.bnDefault);
    if (!r.ok) this.stop(r.diagnostic);
    const s = r.settings;
    for (const key of OPS[opName]!.required) {
      if (s.get(key) === undefined) this.stop(error('E0403', `'${opName}' needs ${key}`, call.span, usageHint(opName)));
    }
    const name = forcedName ?? this.layerName(call, scope, opName, repeat);
    const span = call.span;
    const ls = scope.layerScope;
    this.scope = ls;
    const spatialIn = (): [number, number, number] => {
      if (x.shape.length !== 3) this.stop(error('E0504', `'${opName}' needs a height x width x channels input, but '${x.layer}' gives ${fmt(x.shape)}`, span, 'spatial ops come before `flatten` / `globalavgpool`'));
      return x.shape as [number, number, number];
    };
    switch (opName) {
      case 'conv':
      case 'sepconv': {
        spatialIn();
        const conv: ConvSpec = {
          op: opName,
          filters: this.scaleFilters(s.get('filters') as number, r.origins.get('filters'), scope.inDerived),
          kernel: s.get('kernel') as [number, number],
          strides: s.get('stride') as [number, number],
          dilation: s.get('dilation') as [number, number],
          padding: s.get('padding') as Padding,
          act: s.get('act') as Activation,
          bn: s.get('bn') as BnSetting | null,
          useBias: s.get('bias') as boolean,
          depthMultiplier: (s.get('depth_multiplier') as number | undefined) ?? 1,
        };
        this.checkRange(conv.filters, 1, LIMITS.filters, 'filters', span);
        conv.kernel.forEach((k) => this.checkRange(k, 1, LIMITS.kernel, 'kernel size', span));
        conv.strides.forEach((k) => this.checkRange(k, 1, LIMITS.kernel, 'stride', span));
        conv.dilation.forEach((k) => this.checkRange(k, 1, LIMITS.kernel, 'dilation', span));
        this.checkRange(conv.depthMultiplier, 1, LIMITS.filters, 'depth_multiplier', span);
        if (conv.strides.some((v) => v > 1) && conv.dilation.some((v) => v > 1)) {
          this.stop(error('E0404', 'a stride above 1 cannot be combined with a dilation above 1', span, 'TensorFlow computes one or the other; use stride 1 with dilation, or dilation 1 with a stride'));
        }
        const how = s.get('factorize') as Factorization | null | undefined;
        if (!how) return this.convLayers(name, x, conv, call);
        return this.factorized(name, x, conv, how, call);
      }
      case 'maxpool':
      case 'avgpool': {
        const [h, w, c] = spatialIn();
        const pool = s.get('pool') as [number, number];
        const strides = (s.get('stride') as [number, number] | null) ?? pool;
        const padding = s.get('padding') as Padding;
        pool.forEach((k) => this.checkRange(k, 1, LIMITS.kernel, 'pool size', span));
        strides.forEach((k) => this.checkRange(k, 1, LIMITS.kernel, 'stride', span));
        const oh = convOutputLength(h, pool[0], padding, strides[0]);
        const ow = convOutputLength(w, pool[1], padding, strides[1]);
        this.checkCollapse(name, [oh, ow], x, call);
        return this.add({ name, op: opName, inputs: [x.layer], shape: [null, oh, ow, c], span, scope: ls, attrs: { pool, strides, padding }, params: zero(), macs: 0 });
      }
      case 'globalavgpool':
      case 'globalmaxpool': {
        const [, , c] = spatialIn();
        return this.add({ name, op: opName, inputs: [x.layer], shape: [null, c], span, scope: ls, attrs: {}, params: zero(), macs: 0 });
      }
      case 'lrn': {
        spatialIn();
        this.checkRange(s.get('depth_radius') as number, 0, LIMITS.kernel, 'depth_radius', span);
        if (!((s.get('bias') as number) > 0)) this.stop(error('E0404', `the LRN bias must be above 0, found ${String(s.get('bias'))}`, span));
        if (!((s.get('alpha') as number) >= 0)) this.stop(error('E0404', `the LRN alpha must be 0 or more, found ${String(s.get('alpha'))}`, span));
        return this.add({
          name, op: 'lrn', inputs: [x.layer], shape: [null, ...x.shape], span, scope: ls,
          attrs: { depthRadius: s.get('depth_radius') as number, bias: s.get('bias') as number, alpha: s.get('alpha') as number, beta: s.get('beta') as number },
          params: zero(), macs: 0,
        });
      }
      case 'batchnorm':
        return this.batchnorm(name, x, toBn(s), span, ls);
      case 'act':
        return this.activation(name, x, s.get('act') as Activation, span, ls);
      case 'dropout': {
        const rate = s.get('rate') as number;
        if (!(rate >= 0 && rate < 1)) this.stop(error('E0404', `a dropout rate is from 0 (inclusive) to 1 (exclusive), found ${rate}`, span));
        return this.add({ name, op: 'dropout', inputs: [x.layer], shape: [null, ...x.shape], span, scope: ls, attrs: { rate }, params: zero(), macs: 0 });
      }
      case 'flatten': {
        const size = x.shape.reduce((a, b) => a * b, 1);
        return this.add({ name, op: 'flatten', inputs: [x.layer], shape: [null, size], span, scope: ls, attrs: {}, params: zero(), macs: 0 });
      }
      case 'dense': {
        if (x.shape.length !== 1) this.stop(error('E0504', `'dense' needs a flat input, but '${x.layer}' gives ${fmt(x.shape)}`, span, 'add `flatten` or `globalavgpool` before it'));
        const units = s.get('units') as number;
        this.checkRange(units, 1, LIMITS.classes, 'units', span);
        const useBias = s.get('bias') as boolean;
        const n = x.shape[0]!;
        return this.add({
          name, op: 'dense', inputs: [x.layer], shape: [null, units], span, scope: ls,
          attrs: { units, useBias, activation: s.get('act') as Activation },
          params: { trainable: n * units + (useBias ? units : 0), nonTrainable: 0 }, macs: n * units,
        });
      }
      default:
        return this.stop(error('E0301', `unknown op '${opName}'`, call.callee.span));
    }
  }

  /** One convolution with its optional batch normalization (`_bn`) and activation (`_ac`). */
  private convLayers(name: string, x: Tensor, conv: ConvSpec, call: A.CallStmt): Tensor {
    const [h, w, c] = x.shape as [number, number, number];
    const { kernel, strides, dilation, padding, filters, useBias, bn, act } = conv;
    const span = call.span;
    const oh = convOutputLength(h, kernel[0], padding, strides[0], dilation[0]);
    const ow = convOutputLength(w, kernel[1], padding, strides[1], dilation[1]);
    this.checkCollapse(name, [oh, ow], x, call);
    const fusedAct: Activation = bn ? 'linear' : act;
    let layer: Tensor;
    if (conv.op === 'conv') {
      layer = this.add({
        name, op: 'conv2d', inputs: [x.layer], shape: [null, oh, ow, filters], span, scope: this.scope,
        attrs: { filters, kernel, strides, padding, dilation, useBias, activation: fusedAct },
        params: { trainable: kernel[0] * kernel[1] * c * filters + (useBias ? filters : 0), nonTrainable: 0 },
        macs: oh * ow * kernel[0] * kernel[1] * c * filters,
      });
    } else {
      const dm = conv.depthMultiplier;
      layer = this.add({
        name, op: 'sepconv2d', inputs: [x.layer], shape: [null, oh, ow, filters], span, scope: this.scope,
        attrs: { filters, kernel, strides, padding, dilation, depthMultiplier: dm, useBias, activation: fusedAct },
        params: { trainable: kernel[0] * kernel[1] * c * dm + c * dm * filters + (useBias ? filters : 0), nonTrainable: 0 },
        macs: oh * ow * (kernel[0] * kernel[1] * c * dm + c * dm * filters),
      });
    }
    if (!bn) return layer;
    const normed = this.batchnorm(`${name}_bn`, layer, bn, span, this.scope);
    if (act === 'linear') return normed;
    return this.activation(`${name}_ac`, normed, act, span, this.scope);
  }

  /**
   * `factorize` (Rethinking the Inception Architecture, §3): an n×n conv becomes (n−1)/2 stacked
   * 3×3 convs (`stacked`, Figure 5: 5×5 → two 3×3) or a 1×n followed by an n×1 (`asymmetric`,
   * Figure 6). Every factor has the op's filters and normalization; the stride goes on the last
   * one, which keeps the output size of the n×n conv. A note reports the MAC saving.
   */
  private factorized(name: string, x: Tensor, conv: ConvSpec, how: Factorization, call: A.CallStmt): Tensor {
    const [n, m] = conv.kernel;
    const span = call.span;
    if (conv.op !== 'conv') this.stop(error('E0404', '`factorize` applies to conv only', span));
    if (conv.dilation.some((d) => d !== 1)) this.stop(error('E0404', '`factorize` needs dilation 1', span));
    if (n !== m) this.stop(error('E0404', `\`factorize\` takes a square kernel, found ${n}x${m}`, span, 'write the factors out instead, e.g. `conv 64 1x7; conv 64 7x1`'));
    if (how === 'stacked' && (n < 5 || n % 2 === 0)) {
      this.stop(error('E0404', `\`factorize=stacked\` needs an odd kernel of 5 or more, found ${n}x${n}`, span, n === 3 ? 'a 3x3 conv is already the factor; use `factorize=asymmetric` for 1x3 + 3x1' : undefined));
    }
    if (how === 'asymmetric' && n < 2) this.stop(error('E0404', '`factorize=asymmetric` needs a kernel of 2 or more', span));
    const kernels: Array<[number, number]> = how === 'stacked' ? Array.from({ length: (n - 1) / 2 }, () => [3, 3] as [number, number]) : [[1, n], [n, 1]];
    const mark = this.layers.length;
    let y = x;
    kernels.forEach((kernel, i) => {
      const last = i === kernels.length - 1;
      y = this.convLayers(`${name}_f${i + 1}`, y, { ...conv, kernel, strides: last ? conv.strides : [1, 1] }, call);
    });
    const macs = this.layers.slice(mark).reduce((sum, l) => sum + l.macs, 0);
    const [oh, ow] = y.shape as [number, number, number];
    const whole = oh * ow * n * n * (x.shape[2] ?? 0) * conv.filters;
    const factors = how === 'stacked' ? `${kernels.length} stacked 3x3` : `1x${n} + ${n}x1`;
    const change = Math.round((100 * Math.abs(whole - macs)) / whole);
    // A strided factorization can cost more: its first factors run at the input resolution.
    this.warn({
      ...warning('N0501', `${n}x${n} factorized into ${factors}: ${macs.toLocaleString('en-US')} MACs instead of ${whole.toLocaleString('en-US')} (${change}% ${macs <= whole ? 'fewer' : 'more'})`, span),
      severity: 'note',
    });
    return y;
  }

  /**
   * The width multiplier, rounded as TF-slim's `depth_multiplier` with `min_depth` 16:
   * max(floor(f × W), min(f, 16)). Counts computed from `in` already carry the scaled width.
   */
  private scaleFilters(filters: number, origin: A.Arg | undefined, inDerived: ReadonlySet<string> | undefined): number {
    const width = this.input.overrides?.width;
    if (width === undefined || width === 1 || (origin && mentionsIn(origin, inDerived))) return filters;
    return Math.max(Math.floor(filters * width), Math.min(filters, 16));
  }

  private batchnorm(name: string, x: Tensor, bn: BnSetting, span: Span, scope: LayerScope): Tensor {
    if (!(bn.epsilon > 0)) this.stop(error('E0404', `batch normalization's epsilon must be above 0, found ${bn.epsilon}`, span));
    if (!(bn.momentum >= 0 && bn.momentum <= 1)) this.stop(error('E0404', `batch normalization's momentum must be from 0 to 1, found ${bn.momentum}`, span));
    const c = x.shape[x.shape.length - 1]!;
    return this.add({
      name, op: 'batchnorm', inputs: [x.layer], shape: [null, ...x.shape], span, scope,
      attrs: { epsilon: bn.epsilon, momentum: bn.momentum, center: bn.center, scale: bn.scale },
      params: { trainable: c * (Number(bn.center) + Number(bn.scale)), nonTrainable: 2 * c }, macs: 0,
    });
  }

  private activation(name: string, x: Tensor, act: Activation, span: Span, scope: LayerScope): Tensor {
    return this.add({ name, op: 'activation', inputs: [x.layer], shape: [null, ...x.shape], span, scope, attrs: { activation: act }, params: zero(), macs: 0 });
  }

  private layerName(call: A.CallStmt, scope: Scope, opName: string, repeat: Repeat | undefined): string {
    if (call.alias) return this.aliased(call.alias.name, scope, repeat);
    return `${scope.prefix}_${opName}${this.next(`${scope.prefix}/${opName}`)}`;
  }

  /**
   * An `as` name: as written in a section or aux head, prefixed inside a block body (so every
   * instance of the block names it apart); repeated ops count up like block instances.
   */
  private aliased(alias: string, scope: Scope, repeat: Repeat | undefined): string {
    const name = repeat ? seriesName(aliasSeries(alias, repeat.times), repeat.i) : alias;
    return scope.layerScope.instance ? `${scope.prefix}_${name}` : name;
  }

  private checkRange(value: number, min: number, max: number, what: string, span: Span): void {
    if (!(value >= min && value <= max)) this.stop(error('E0404', `${what} must be from ${min} to ${max}, found ${value}`, span));
  }

  private checkCollapse(name: string, out: [number, number], x: Tensor, call: A.CallStmt): void {
    if (out[0] >= 1 && out[1] >= 1) return;
    this.stop(error(COLLAPSE, `the spatial size collapses at '${name}': ${x.shape[0]}x${x.shape[1]} in, ${out[0]}x${out[1]} out`, call.span));
  }

  // ---- bookkeeping ---------------------------------------------------------------------------

  private add<K extends IRLayer['op']>(layer: { name: string; op: K; attrs: OpAttrs[K]; inputs: string[]; shape: Array<number | null>; params: IRLayer['params']; macs: number; span: Span; scope: LayerScope }): Tensor {
    const first = this.names.get(layer.name);
    if (first) {
      const same = first.start.offset === layer.span.start.offset && first.file === layer.span.file;
      this.stop(same
        ? error('E0303', `two layers are named '${layer.name}'`, layer.span, 'this name is made again by a repeat or by another instance of its block; drop the `as` or name the instances apart')
        : error('E0303', `two layers are named '${layer.name}'`, layer.span, 'give one of them another name with `as`', [{ span: first, message: 'the first one is made here' }]));
    }
    if (this.layers.length >= LIMITS.layers) this.stop(error('E0505', `the model has more than ${LIMITS.layers} layers`, layer.span, 'check the repeat counts'));
    this.paramCount += layer.params.trainable + layer.params.nonTrainable;
    if (this.paramCount > LIMITS.params) {
      this.stop(error('E0505', `the model has more than ${LIMITS.params.toLocaleString('en-US')} parameters at '${layer.name}'`, layer.span, 'a dense layer on a large flattened map is the usual cause: pool first (`globalavgpool`)'));
    }
    if (layer.shape.some((d) => d !== null && (d > LIMITS.side * LIMITS.side * LIMITS.channels || !Number.isFinite(d)))) {
      this.stop(error('E0505', `'${layer.name}' is too large (${fmt(layer.shape.slice(1) as number[])})`, layer.span));
    }
    this.names.set(layer.name, layer.span);
    this.layers.push({ ...layer, scope: { ...layer.scope } } as IRLayer);
    return { layer: layer.name, shape: layer.shape.slice(1) as number[] };
  }

  private next(key: string): number {
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return n;
  }

  private warn(d: Diagnostic): void {
    if (!this.warnings.some((w) => w.code === d.code && w.span?.start.offset === d.span?.start.offset)) this.warnings.push(d);
  }

  private stop(d: Diagnostic): never {
    throw new Stop(d);
  }
}

function zero(): IRLayer['params'] {
  return { trainable: 0, nonTrainable: 0 };
}


function fmt(shape: readonly number[]): string {
  return shape.join('x');
}

function paramsHint(block: A.BlockDef): string {
  const params = block.params.map((p) => (p.default ? `${p.name.name}=…` : p.name.name)).join(', ');
  return `usage: ${block.name.name}(${params})`;
}
