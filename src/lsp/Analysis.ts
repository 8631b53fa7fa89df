import { dirname, resolve } from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { compile, compileFile, type CompileOptions, type CompileResult } from '../compile.js';
import { readSpecFile } from '../files/readSpecFile.js';
import type * as A from '../syntax/ast.js';
import { documentPath } from './documentPath.js';
import type { DocumentStore } from './DocumentStore.js';
import { realPath } from '../files/realPath.js';

/**
 * What a check compiles with besides the text: `--classes`, `--input`, `--width`, `--root`, and
 * the editor's workspace folders.
 */
export type AnalysisOptions = Omit<CompileOptions, 'filename' | 'readFile'> & {
  /** Workspace folders: imports may come from them as well as from the spec's own directory. */
  workspace?: readonly string[];
};

/**
 * One compile of an open document — through `compileFile`, the path `incep check` takes, so the
 * editor shows what the command line prints — with what the editor features read from it.
 * Imported files that are open in the editor are read from their unsaved text.
 */
export class Analysis {
  private readonly uris = new Map<string, string>();
  private parsed: Map<string, A.FileNode> | undefined;
  private imported: string[] | undefined;

  private constructor(
    readonly uri: string,
    readonly version: number,
    readonly result: CompileResult,
    /** The document's own file, when it is one (not `untitled:`). */
    private readonly path: string | undefined,
    private readonly store: DocumentStore,
  ) {}

  /**
   * Compiles `doc` as it stands, with every open document's text in place of its file, and the
   * command line's overrides and import roots.
   */
  static of(doc: TextDocument, store: DocumentStore, options: AnalysisOptions = {}): Analysis {
    const readFile: CompileOptions['readFile'] = (path) => {
      const open = store.overlay(path);
      return open ?? readSpecFile(path);
    };
    const path = documentPath(doc.uri);
    // What `incep check` allows (the spec's own directory, or --root), and the workspace too: a
    // spec may import a sibling however it was opened, and a library anywhere in the workspace.
    const { workspace = [], ...compileOptions } = options;
    const roots =
      compileOptions.roots ?? (path !== undefined && workspace.length > 0 ? [dirname(path), ...workspace] : undefined);
    const withRoots = roots ? { ...compileOptions, roots } : compileOptions;
    // A document never saved has no directory of its own: its imports resolve from the
    // server's working directory, like `incep check` run there.
    const result =
      path === undefined
        ? compile(doc.getText(), { ...withRoots, filename: doc.uri, readFile })
        : compileFile(path, { ...withRoots, readFile });
    return new Analysis(doc.uri, doc.version, result, path, store);
  }

  /** The URI of a file as spans name it (relative to the working directory, as `compile` names files). */
  uriOf(file: string): string {
    let uri = this.uris.get(file);
    if (uri === undefined) {
      uri = this.isMain(file) ? this.uri : this.store.uriOf(resolve(file));
      this.uris.set(file, uri);
    }
    return uri;
  }

  /** Whether a span's file is this document. */
  isMain(file: string): boolean {
    return this.path === undefined ? file === this.uri : resolve(file) === this.path;
  }

  /** Real paths of the files the compile read besides the document: a change in one re-checks it. */
  imports(): readonly string[] {
    this.imported ??= [...this.result.sources.keys()].filter((f) => !this.isMain(f)).map((f) => realPath(resolve(f)));
    return this.imported;
  }

  /** The syntax tree of every file the compile read, by the name spans give it. */
  files(): Map<string, A.FileNode> {
    if (this.parsed) return this.parsed;
    // The compile parsed them all already: the document and what it imports.
    const files = new Map<string, A.FileNode>();
    if (this.result.ast) files.set(this.result.ast.span.file, this.result.ast);
    for (const [file, ast] of this.result.libraries ?? []) files.set(file, ast);
    this.parsed = files;
    return files;
  }

  /** The syntax tree of the document itself, if it parsed. */
  get ast(): A.FileNode | undefined {
    return this.result.ast;
  }
}
