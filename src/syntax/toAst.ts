import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { Span } from '../diagnostics/Span.js';
import * as A from './ast.js';

/**
 * Builds the AST from a CST the parser produced without errors (the caller stops at syntax
 * errors, so every child the grammar requires is present here).
 */
export function toAst(cst: CstNode, file: string, comments: A.Comment[]): A.FileNode {
  return new Builder(file).file(cst, comments);
}

class Builder {
  constructor(private readonly fileName: string) {}

  file(node: CstNode, comments: A.Comment[]): A.FileNode {
    const out: A.FileNode = {
      kind: 'File',
      span: this.nodeSpan(node),
      imports: [],
      blocks: [],
      models: [],
      comments,
      trailingComments: [],
    };
    for (const n of nodes(node, 'importDecl')) out.imports.push(this.importDecl(n));
    for (const n of nodes(node, 'blockDef')) out.blocks.push(this.blockDef(n));
    for (const n of nodes(node, 'modelDecl')) out.models.push(this.modelDecl(n));
    // Keep source order within each list (chevrotain groups children by rule name already).
    return out;
  }

  importDecl(node: CstNode): A.ImportNode {
    const lit = token(node, 'StringLiteral');
    return {
      kind: 'Import',
      span: this.nodeSpan(node),
      path: unquote(lit.image),
      pathSpan: this.tokenSpan(lit),
      comments: A.noComments(),
    };
  }

  modelDecl(node: CstNode): A.ModelNode {
    const model: A.ModelNode = {
      kind: 'Model',
      span: this.nodeSpan(node),
      name: this.ident(token(node, 'Identifier')),
      blocks: [],
      sections: [],
      aux: [],
      duplicates: [],
      comments: A.noComments(),
    };
    // Items are rebuilt in source order so duplicates are reported at the second occurrence.
    const items = allNodes(node).sort((a, b) => startOf(a) - startOf(b));
    for (const item of items) {
      switch (item.name) {
        case 'inputDecl': {
          const decl: A.InputDecl = {
            kind: 'Input',
            span: this.nodeSpan(item),
            dims: parseDims(token(item, 'Dims').image),
            comments: A.noComments(),
          };
          if (model.input) model.duplicates.push({ what: 'input', span: decl.span, first: model.input.span });
          else model.input = decl;
          break;
        }
        case 'classesDecl': {
          const decl: A.ClassesDecl = {
            kind: 'Classes',
            span: this.nodeSpan(item),
            value: Number(token(item, 'Int').image),
            comments: A.noComments(),
          };
          if (model.classes) model.duplicates.push({ what: 'classes', span: decl.span, first: model.classes.span });
          else model.classes = decl;
          break;
        }
        case 'defaultsDecl': {
          const decl: A.DefaultsDecl = {
            kind: 'Defaults',
            span: this.nodeSpan(item),
            items: nodes(item, 'defaultItem').map((d) => ({
              kind: 'DefaultItem' as const,
              span: this.nodeSpan(d),
              op: this.ident(token(d, 'Identifier')),
              args: this.freeArgs(node1(d, 'freeArgs')),
              comments: A.noComments(),
            })),
            comments: A.noComments(),
          };
          if (model.defaults) model.duplicates.push({ what: 'defaults', span: decl.span, first: model.defaults.span });
          else model.defaults = decl;
          break;
        }
        case 'sectionDecl': {
          const kw = maybeToken(item, 'Stem') ?? maybeToken(item, 'Body') ?? token(item, 'Head');
          model.sections.push({
            kind: 'Section',
            span: this.nodeSpan(item),
            name: kw.image as A.SectionName,
            keywordSpan: this.tokenSpan(kw),
            body: this.seqBody(node1(item, 'seqBody')),
            comments: A.noComments(),
          });
          break;
        }
        case 'auxDecl': {
          const numberNode = maybeNode(item, 'number');
          const aux: A.AuxDecl = {
            kind: 'Aux',
            span: this.nodeSpan(item),
            name: this.ident(token(item, 'auxName')),
            at: this.ident(token(item, 'tap')),
            body: this.seqBody(node1(item, 'seqBody')),
            comments: A.noComments(),
          };
          if (numberNode) aux.weight = this.number(numberNode);
          model.aux.push(aux);
          break;
        }
        case 'trainDecl': {
          const decl: A.TrainDecl = {
            kind: 'Train',
            span: this.nodeSpan(item),
            items: nodes(item, 'trainItem').map((t) => ({
              kind: 'TrainItem' as const,
              span: this.nodeSpan(t),
              key: this.ident(token(t, 'Identifier')),
              args: this.freeArgs(node1(t, 'freeArgs')),
              comments: A.noComments(),
            })),
            comments: A.noComments(),
          };
          if (model.train) model.duplicates.push({ what: 'train', span: decl.span, first: model.train.span });
          else model.train = decl;
          break;
        }
        case 'blockDef':
          model.blocks.push(this.blockDef(item));
          break;
        default:
          break; // separators
      }
    }
    return model;
  }

  blockDef(node: CstNode): A.BlockDef {
    const def: A.BlockDef = {
      kind: 'BlockDef',
      span: this.nodeSpan(node),
      name: this.ident(token(node, 'Identifier')),
      params: [],
      body: this.seqBody(node1(node, 'seqBody')),
      comments: A.noComments(),
    };
    const paramList = maybeNode(node, 'paramList');
    if (paramList) {
      def.params = nodes(paramList, 'param').map((p) => {
        const param: A.Param = { kind: 'Param', span: this.nodeSpan(p), name: this.ident(token(p, 'Name')) };
        const v = maybeNode(p, 'value');
        if (v) param.default = this.value(v);
        return param;
      });
    }
    const residual = maybeToken(node, 'Residual');
    if (residual) {
      const argList = maybeNode(node, 'argList');
      const span = argList ? spanBetween(this.tokenSpan(residual), this.nodeSpan(argList)) : this.tokenSpan(residual);
      def.residual = { span, args: argList ? this.argList(argList) : [] };
    }
    return def;
  }

  seqBody(node: CstNode): A.Statement[] {
    return nodes(node, 'statement').map((s) => this.statement(s));
  }

  statement(node: CstNode): A.Statement {
    const inner = firstNode(node);
    switch (inner.name) {
      case 'branchStmt': {
        const kw = token(inner, 'Branch');
        const name = maybeToken(inner, 'Name');
        const stmt: A.BranchStmt = {
          kind: 'Branch',
          span: this.nodeSpan(inner),
          keywordSpan: this.tokenSpan(kw),
          body: this.seqBody(node1(inner, 'seqBody')),
          comments: A.noComments(),
        };
        if (name) stmt.name = this.ident(name);
        return stmt;
      }
      case 'splitStmt': {
        const kw = token(inner, 'Split');
        const name = maybeToken(inner, 'Name');
        const stmt: A.SplitStmt = {
          kind: 'Split',
          span: this.nodeSpan(inner),
          keywordSpan: this.tokenSpan(kw),
          groups: nodes(inner, 'seqBody').map((g) => ({ span: this.nodeSpan(g), body: this.seqBody(g) })),
          comments: A.noComments(),
        };
        if (name) stmt.alias = this.ident(name);
        return stmt;
      }
      case 'projectStmt':
        return {
          kind: 'Project',
          span: this.nodeSpan(inner),
          keywordSpan: this.tokenSpan(token(inner, 'Project')),
          call: this.callStmt(node1(inner, 'callStmt')),
          comments: A.noComments(),
        };
      default:
        return this.callStmt(inner);
    }
  }

  callStmt(node: CstNode): A.CallStmt {
    const argList = maybeNode(node, 'argList');
    const call: A.CallStmt = {
      kind: 'Call',
      span: this.nodeSpan(node),
      callee: this.ident(token(node, 'Identifier')),
      args: [...(argList ? this.argList(argList) : []), ...this.freeArgs(node1(node, 'freeArgs'))],
      comments: A.noComments(),
    };
    const repeat = maybeNode(node, 'repeat');
    if (repeat) call.repeat = this.primary(repeat);
    const alias = maybeToken(node, 'Name');
    if (alias) call.alias = this.ident(alias);
    return call;
  }

  argList(node: CstNode): A.Arg[] {
    return nodes(node, 'arg').map((a) => {
      const key = maybeToken(a, 'key');
      const unitTok = maybeToken(a, 'unit');
      const value = this.value(node1(a, 'value'));
      const unit = unitTok ? this.ident(unitTok) : undefined;
      if (key) {
        const kw: A.KeywordArg = { kind: 'Keyword', span: this.nodeSpan(a), key: this.ident(key), value };
        if (unit) kw.unit = unit;
        return kw;
      }
      // A lone word in a call list reads as a word argument, the same as in free position.
      if (value.kind === 'Name' && !unit) {
        return { kind: 'Word', span: value.span, name: { kind: 'Ident', span: value.span, name: value.name } };
      }
      const pos: A.PositionalArg = { kind: 'Positional', span: this.nodeSpan(a), value };
      if (unit) pos.unit = unit;
      return pos;
    });
  }

  freeArgs(node: CstNode): A.Arg[] {
    return nodes(node, 'freeArg').map((f) => this.freeArg(f));
  }

  freeArg(node: CstNode): A.Arg {
    const dims = maybeToken(node, 'Dims');
    if (dims)
      return {
        kind: 'Positional',
        span: this.tokenSpan(dims),
        value: { kind: 'Dims', span: this.tokenSpan(dims), dims: parseDims(dims.image) },
      };
    const inner = firstNode(node);
    switch (inner.name) {
      case 'stride':
        return { kind: 'Positional', span: this.nodeSpan(inner), value: this.stride(inner) };
      case 'keyValue':
        return {
          kind: 'Keyword',
          span: this.nodeSpan(inner),
          key: this.ident(token(inner, 'Name')),
          value: this.value(node1(inner, 'value')),
        };
      case 'word': {
        const w: A.WordArg = { kind: 'Word', span: this.nodeSpan(inner), name: this.ident(token(inner, 'Name')) };
        const list = maybeNode(inner, 'argList');
        if (list) w.args = this.argList(list);
        return w;
      }
      default:
        return { kind: 'Positional', span: this.nodeSpan(inner), value: this.number(inner) };
    }
  }

  value(node: CstNode): A.Value {
    const dims = maybeToken(node, 'Dims');
    if (dims) return { kind: 'Dims', span: this.tokenSpan(dims), dims: parseDims(dims.image) };
    const stride = maybeNode(node, 'stride');
    if (stride) return this.stride(stride);
    return this.expression(node1(node, 'expression'));
  }

  stride(node: CstNode): A.StrideLit {
    return { kind: 'Stride', span: this.nodeSpan(node), value: Number(token(node, 'Int').image) };
  }

  number(node: CstNode): A.NumberLit {
    const minus = maybeToken(node, 'Minus');
    const lit = maybeToken(node, 'Int') ?? token(node, 'Float');
    const value = Number(lit.image);
    return {
      kind: 'Number',
      span: this.nodeSpan(node),
      value: minus ? -value : value,
      isInt: lit.tokenType.name === 'Int',
    };
  }

  /** `expression` and `term` share one shape: operands joined left to right by operators. */
  expression(node: CstNode): A.Expr {
    const operands = nodes(node, 'operands');
    const operators = tokens(node, 'operators');
    let left = node.name === 'expression' ? this.expression(operands[0]!) : this.unary(operands[0]!);
    for (let i = 0; i < operators.length; i++) {
      const rightNode = operands[i + 1]!;
      const right = node.name === 'expression' ? this.expression(rightNode) : this.unary(rightNode);
      left = {
        kind: 'Binary',
        span: spanBetween(left.span, right.span),
        op: operators[i]!.image as A.BinaryExpr['op'],
        left,
        right,
      };
    }
    return left;
  }

  unary(node: CstNode): A.Expr {
    const minus = maybeToken(node, 'Minus');
    if (minus) {
      const operand = this.unary(node1(node, 'unary'));
      return { kind: 'Unary', span: spanBetween(this.tokenSpan(minus), operand.span), op: '-', operand };
    }
    return this.primary(node1(node, 'primary'));
  }

  primary(node: CstNode): A.Expr {
    const int = maybeToken(node, 'Int');
    if (int) return { kind: 'Number', span: this.tokenSpan(int), value: Number(int.image), isInt: true };
    const float = maybeToken(node, 'Float');
    if (float) return { kind: 'Number', span: this.tokenSpan(float), value: Number(float.image), isInt: false };
    const name = maybeToken(node, 'Name');
    if (name) return { kind: 'Name', span: this.tokenSpan(name), name: name.image };
    return this.expression(node1(node, 'expression'));
  }

  ident(tok: IToken): A.Ident {
    return { kind: 'Ident', span: this.tokenSpan(tok), name: tok.image };
  }

  tokenSpan(tok: IToken): Span {
    return {
      file: this.fileName,
      start: { offset: tok.startOffset, line: tok.startLine ?? 1, column: tok.startColumn ?? 1 },
      end: {
        offset: (tok.endOffset ?? tok.startOffset) + 1,
        line: tok.endLine ?? tok.startLine ?? 1,
        column: (tok.endColumn ?? tok.startColumn ?? 1) + 1,
      },
    };
  }

  nodeSpan(node: CstNode): Span {
    const loc = node.location!;
    return {
      file: this.fileName,
      start: { offset: loc.startOffset, line: loc.startLine ?? 1, column: loc.startColumn ?? 1 },
      end: { offset: (loc.endOffset ?? loc.startOffset) + 1, line: loc.endLine ?? 1, column: (loc.endColumn ?? 0) + 1 },
    };
  }
}

function isNode(e: CstElement): e is CstNode {
  return 'children' in e;
}

function nodes(node: CstNode, name: string): CstNode[] {
  return (node.children[name] ?? []).filter(isNode);
}

function allNodes(node: CstNode): CstNode[] {
  return Object.values(node.children).flat().filter(isNode);
}

/** `allNodes(node)[0]`, without building the list: it runs for every statement and argument. */
function firstNode(node: CstNode): CstNode {
  for (const key in node.children) for (const child of node.children[key]!) if (isNode(child)) return child;
  throw new Error(`internal: CST node '${node.name}' has no child node`);
}

function node1(node: CstNode, name: string): CstNode {
  const n = nodes(node, name)[0];
  if (!n) throw new Error(`internal: CST node '${node.name}' has no '${name}'`);
  return n;
}

function maybeNode(node: CstNode, name: string): CstNode | undefined {
  return nodes(node, name)[0];
}

function tokens(node: CstNode, name: string): IToken[] {
  return (node.children[name] ?? []).filter((e): e is IToken => !isNode(e));
}

function token(node: CstNode, name: string): IToken {
  const t = tokens(node, name)[0];
  if (!t) throw new Error(`internal: CST node '${node.name}' has no token '${name}'`);
  return t;
}

function maybeToken(node: CstNode, name: string): IToken | undefined {
  return tokens(node, name)[0];
}

function startOf(node: CstNode): number {
  return node.location?.startOffset ?? 0;
}

function spanBetween(a: Span, b: Span): Span {
  return { file: a.file, start: a.start, end: b.end };
}

function parseDims(image: string): number[] {
  return image.split('x').map(Number);
}

function unquote(image: string): string {
  return image.slice(1, -1).replace(/\\(.)/g, '$1');
}
