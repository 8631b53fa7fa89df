import { pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { documentPath } from './documentPath.js';
import { realPath } from '../files/realPath.js';

/** The open documents the server reads through: their unsaved text wins over the disk. */
export class DocumentStore {
  private readonly docs = new Map<string, { doc: TextDocument; path: string | undefined; real: string | undefined }>();

  /** Records a document as opened or changed. */
  set(doc: TextDocument): void {
    const known = this.docs.get(doc.uri);
    const path = known ? known.path : documentPath(doc.uri);
    const real = known ? known.real : path === undefined ? undefined : realPath(path);
    this.docs.set(doc.uri, { doc, path, real });
  }

  /** Forgets a closed document: from now on its file is read from disk. */
  delete(uri: string): void {
    this.docs.delete(uri);
  }

  /** The open document of a URI. */
  get(uri: string): TextDocument | undefined {
    return this.docs.get(uri)?.doc;
  }

  /** The file a document is, with symlinks resolved; undefined for `untitled:` and other schemes. */
  realPathOf(uri: string): string | undefined {
    return this.docs.get(uri)?.real;
  }

  /** The open document of a file, looked up by its path or its real path. */
  byPath(path: string): TextDocument | undefined {
    const real = realPath(path);
    for (const d of this.docs.values()) if (d.path === path || d.real === real) return d.doc;
    return undefined;
  }

  /**
   * The URI to report a file under: an open document's own URI (so the editor matches it
   * exactly), otherwise the file's `file:` URL.
   */
  uriOf(path: string): string {
    return this.byPath(path)?.uri ?? pathToFileURL(path).href;
  }

  /** The unsaved text of an open file, or undefined to read it from disk. */
  overlay(path: string): string | undefined {
    return this.byPath(path)?.getText();
  }
}
