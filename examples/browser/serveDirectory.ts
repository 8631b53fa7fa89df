import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  // tfjs compiles the wasm backend while downloading it only when served as application/wasm.
  '.wasm': 'application/wasm',
};

/** A running {@link serveDirectory}. */
export interface DirectoryServer {
  /** `http://host:port/`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the files under `root` over HTTP on `host:port` (port 0: any free one): the demo page
 * and the model directories next to it. Read-only, nothing outside `root`, no listings.
 * Resolves to the error (such as EADDRINUSE) when it cannot listen.
 */
export function serveDirectory(root: string, port: number, host = '127.0.0.1'): Promise<DirectoryServer | Error> {
  const base = resolve(root);
  const server = createServer((request, response) => void respond(base, request.url ?? '/', response));
  return new Promise((settle) => {
    server.once('error', settle);
    server.listen(port, host, () => {
      const { port } = server.address() as AddressInfo;
      settle({
        url: `http://${host}:${port}/`,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function respond(base: string, url: string, response: ServerResponse): Promise<void> {
  let path = '';
  try {
    path = decodeURIComponent(new URL(url, 'http://localhost').pathname);
  } catch {
    // A malformed escape names no file: 404 below.
  }
  const file = join(base, path.endsWith('/') ? `${path}index.html` : path);
  const found = file.startsWith(base + sep) ? await stat(file).catch(() => undefined) : undefined;
  if (found?.isDirectory()) {
    // Relative links (main.js, ?model=../x) need the directory's trailing slash.
    response.writeHead(301, { location: `${path}/` }).end();
  } else if (found?.isFile()) {
    response.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': found.size,
      // The demo is rebuilt often; never let the browser run a stale bundle.
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(response);
  } else {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${path}\n`);
  }
}
