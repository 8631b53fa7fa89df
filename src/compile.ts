import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { capDiagnostics } from './diagnostics/capDiagnostics.js';
import { error, hasErrors, warning, type Diagnostic } from './diagnostics/Diagnostic.js';
import { elaborate } from './elaborate/elaborate.js';
import type { ModuleIR } from './elaborate/ModuleIR.js';
import type { IRModel } from './ir/ir.js';
import { AUX_LEFT_OUT, COLLAPSE, instantiate } from './instantiate/instantiate.js';
import { smallestSquareInput } from './instantiate/minimumInput.js';
import type { Overrides } from './instantiate/overrides.js';
import type { Shape } from './ops/types.js';
import { checkProgram } from './check/checkProgram.js';
import type * as A from './syntax/ast.js';
import { parse } from './syntax/parse.js';
import { incepSpecsLib } from './files/incepSpecsLib.js';
import { readSpecFile } from './files/readSpecFile.js';
import { realPath } from './files/realPath.js';

/** Options of `compile` and `compileFile`. */
export interface CompileOptions {
  /** The name diagnostics use for the source; imports resolve relative to it. Default `<input>`. */
  filename?: string;
  /** Overrides the spec's `classes`. */
  classes?: number;
  /** Overrides the spec's `input` (height, width, channels). */
  input?: [number, number, number];
  /** Multiplies every conv filter count (TF-slim `depth_multiplier` rounding, min depth 16). */
  width?: number;
  /**
   * Reads a spec or an imported file; defaults to the file system (regular files of at most
   * 4 MiB). Returns undefined when it is missing, `{ error }` when it cannot be read.
   */
  readFile?: (path: string) => string | undefined | { error: string };
  /**
   * Directories imports may come from; an import whose real path lies outside all of them is
   * E0605. Default: the main file's directory (and everything below it) and incep's own
   * `specs/lib`.
   */
  roots?: readonly string[];
}

/** The outcome of compiling: `ir` is present exactly when `ok`. */
export interface CompileResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  ir?: IRModel;
  /** The parsed main file (present when it parsed). */
  ast?: A.FileNode;
  /** The parsed imported files, by the name spans give them (present once imports were read). */
  libraries?: ReadonlyMap<string, A.FileNode>;
  /** The model's module IR (present with `ir`): what the TypeScript backend prints. */
  module?: ModuleIR;
  /** The overrides `ir` was instantiated with. */
  overrides?: Overrides;
  /** Output shapes of each module-IR node in `ir`, one per instance (for shape comments). */
  shapes?: Map<number, Shape[]>;
  /** The `ir.layers` ranges each module-IR node made, one `[start, end)` per instance. */
  ranges?: Map<number, Array<[number, number]>>;
  /** The layer each aux head taps (present with `ir`). */
  taps?: Map<string, string>;
  /** Text of every file read, by the name diagnostics use (for `formatDiagnostic`). */
  sources: Map<string, string>;
}

/**
 * Compiles `.incep` text to the IR. Phases run in order — lex/parse, imports, static checks,
 * elaboration to the module IR, instantiation with shape inference to the flat IR — and a phase
 * runs only when the earlier ones found no error, so a
 * user sees root causes, not cascades. Never throws for anything in the spec.
 */
export function compile(source: string, options: CompileOptions = {}): CompileResult {
  const filename = options.filename ?? '<input>';
  try {
    const result = compileUnguarded(source, filename, options);
    return { ...result, diagnostics: capDiagnostics(result.diagnostics) };
  } catch (e) {
    // Nesting is capped in the parser; a very long expression or block chain can still use up
    // the stack in a recursive walk. That is the spec's size, not a bug: say so.
    if (!(e instanceof RangeError)) throw e;
    return {
      ok: false,
      diagnostics: [
        error(
          'E0103',
          'the spec is too long or too deeply chained to compile',
          { file: filename, start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } },
          'split very long expressions, and chains of blocks that call blocks',
        ),
      ],
      sources: new Map([[filename, source]]),
    };
  }
}

function compileUnguarded(source: string, filename: string, options: CompileOptions): CompileResult {
  const sources = new Map([[filename, source]]);
  const readFile = options.readFile ?? readSpecFile;
  const parsed = parse(source, filename);
  if (!parsed.ast) return { ok: false, diagnostics: parsed.diagnostics, sources };
  const ast = parsed.ast;

  const roots = (options.roots ?? [dirname(realPath(resolve(filename)))]).map((r) => realPath(resolve(r)));
  const lib = incepSpecsLib();
  if (lib !== undefined) roots.push(realPath(lib));
  const files = loadImports(ast, filename, readFile, sources, roots);
  const libraries = new Map(files.libraries.map((lib) => [lib.span.file, lib]));
  if (hasErrors(files.diagnostics)) return { ok: false, diagnostics: files.diagnostics, ast, libraries, sources };

  const checked = checkProgram(ast, files.libraries);
  const diagnostics = [...files.diagnostics, ...checked.diagnostics];
  if (hasErrors(diagnostics)) return { ok: false, diagnostics, ast, libraries, sources };
  const model = ast.models[0];
  if (!model) return { ok: true, diagnostics, ast, libraries, sources };

  const elaborated = elaborate({ model, blocks: checked.blocks, source: filename });
  if (!elaborated.ok)
    return { ok: false, diagnostics: [...diagnostics, elaborated.diagnostic], ast, libraries, sources };
  const module = elaborated.module;

  const overrides: Overrides = {};
  if (options.classes !== undefined) overrides.classes = options.classes;
  if (options.input !== undefined) overrides.input = options.input;
  if (options.width !== undefined) overrides.width = options.width;
  const inst = instantiate(module, overrides);
  const all = [...diagnostics, ...inst.diagnostics];
  const collapse = inst.diagnostics.find((d) => d.code === COLLAPSE);
  if (collapse) {
    const side = smallestSquareInput(module, overrides, false);
    collapse.hint = side
      ? `the smallest input that works is ${side} (--input ${side})`
      : 'no input size up to the limit works: check the strides and valid paddings';
  }
  const auxLeftOut = inst.diagnostics.filter((w) => w.code === AUX_LEFT_OUT);
  if (auxLeftOut.length > 0) {
    const side = smallestSquareInput(module, overrides, true);
    for (const d of auxLeftOut)
      d.hint = side
        ? `aux heads only matter for training builds; with them the smallest input is ${side}`
        : 'aux heads only matter for training builds';
  }
  if (inst.ir) {
    const mismatch = classesMismatch(inst.ir, model, options.classes !== undefined);
    if (mismatch) all.push(mismatch);
  }
  if (!inst.ir || hasErrors(all)) return { ok: false, diagnostics: all, ast, libraries, sources };
  return {
    ok: true,
    diagnostics: all,
    ir: inst.ir,
    ast,
    libraries,
    module,
    overrides,
    shapes: inst.shapes,
    ranges: inst.ranges,
    taps: inst.taps,
    sources,
  };
}

/**
 * W0503 when the spec declares `classes` (or `--classes` is given) but the network does not end
 * at one score per class — no head, or a head that ends elsewhere — and E0507 instead when the
 * spec also trains, since its loss needs exactly that.
 */
function classesMismatch(ir: IRModel, model: A.ModelNode, overridden: boolean): Diagnostic | undefined {
  if (!model.classes && !overridden) return undefined;
  const shape = ir.layers.find((l) => l.name === ir.outputs.main)?.shape ?? [];
  if (shape.length === 2 && shape[1] === ir.classes) return undefined;
  const output = shape.slice(1).join('x');
  const hint = 'end the network with a head such as `head { globalavgpool; dense classes softmax }`';
  if (model.train) {
    return error(
      'E0507',
      `the model trains on ${ir.classes} classes but outputs ${output}, not one score per class`,
      model.train.span,
      hint,
    );
  }
  return warning(
    'W0503',
    `the model declares ${ir.classes} classes but outputs ${output}, not one score per class`,
    model.classes?.span ?? model.name.span,
    `${hint}, or drop \`classes\` for a feature extractor`,
  );
}

/** Reads and compiles a spec file; a missing file is a diagnostic, not an exception. */
export function compileFile(path: string, options: Omit<CompileOptions, 'filename'> = {}): CompileResult {
  const filename = displayName(path);
  const read = (options.readFile ?? readSpecFile)(path);
  if (typeof read !== 'string') {
    return {
      ok: false,
      diagnostics: [
        error(
          'E0601',
          read === undefined ? `cannot read '${filename}'` : `cannot read '${filename}': ${read.error}`,
          undefined,
          read === undefined ? 'check the path' : 'a spec is a .incep text file of at most 4 MiB',
        ),
      ],
      sources: new Map(),
    };
  }
  return compile(read, { ...options, filename });
}

interface Loaded {
  libraries: A.FileNode[];
  diagnostics: Diagnostic[];
}

/** Follows `import`s depth-first; each file is read once, cycles are errors at the import. */
function loadImports(
  root: A.FileNode,
  rootName: string,
  readFile: NonNullable<CompileOptions['readFile']>,
  sources: Map<string, string>,
  roots: readonly string[],
): Loaded {
  const libraries: A.FileNode[] = [];
  const diagnostics: Diagnostic[] = [];
  // Files by real path: the same file reached through a symlink is read once, not defined twice.
  const done = new Set<string>([realPath(resolve(rootName))]);
  const visit = (file: A.FileNode, name: string, stack: string[]): void => {
    for (const imp of file.imports) {
      const target = realPath(resolve(dirname(name), imp.path));
      const shown = displayName(target);
      // Checked before anything is read, so no import can read (or quote in a code frame) a
      // file that is not a spec, or one outside the directories the user compiles from.
      if (!target.endsWith('.incep')) {
        const message = imp.path.endsWith('.incep')
          ? `import '${imp.path}' is a link to '${shown}', not a .incep file`
          : `import '${imp.path}' does not name a .incep file`;
        diagnostics.push(error('E0604', message, imp.pathSpan, 'imports name spec files: "lib/blocks.incep"'));
        continue;
      }
      if (!roots.some((r) => inside(target, r))) {
        diagnostics.push(
          error(
            'E0605',
            `import '${imp.path}' is outside the directories specs may import from`,
            imp.pathSpan,
            `imports come from the spec's directory or below (${displayName(roots[0]!)}) and incep's specs/lib; ` +
              'give another directory with --root DIR',
          ),
        );
        continue;
      }
      if (stack.includes(target)) {
        const cycle = [...stack.slice(stack.indexOf(target)), target].map(displayName).join(' → ');
        diagnostics.push(
          error(
            'E0602',
            `import cycle: ${cycle}`,
            imp.pathSpan,
            'move the shared blocks into a third file that both import',
          ),
        );
        continue;
      }
      if (done.has(target)) continue;
      done.add(target);
      const text = readFile(target);
      if (typeof text !== 'string') {
        diagnostics.push(
          error(
            'E0601',
            text === undefined
              ? `cannot read imported file '${shown}'`
              : `cannot read imported file '${shown}': ${text.error}`,
            imp.pathSpan,
            text === undefined
              ? 'import paths are relative to the importing file'
              : 'an imported spec is a .incep text file of at most 4 MiB',
          ),
        );
        continue;
      }
      sources.set(shown, text);
      const parsed = parse(text, shown);
      diagnostics.push(...parsed.diagnostics);
      if (!parsed.ast) continue;
      if (parsed.ast.models.length > 0) {
        diagnostics.push(
          error(
            'E0603',
            `imported file '${shown}' defines a model`,
            imp.pathSpan,
            'imported files hold blocks only; move the model out or import a library file',
          ),
        );
        continue;
      }
      visit(parsed.ast, target, [...stack, target]);
      libraries.push(parsed.ast);
    }
  };
  visit(root, resolve(rootName), [resolve(rootName)]);
  return { libraries, diagnostics };
}

/** Whether `path` is `dir` or lies below it. */
function inside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Paths in diagnostics are relative to the working directory, as compilers print them. */
function displayName(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel.startsWith('..') ? resolve(path) : rel;
}
