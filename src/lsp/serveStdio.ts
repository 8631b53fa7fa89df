import { createConnection } from 'vscode-languageserver/node.js';
import { startServer, type ServerOptions } from './startServer.js';

/**
 * Runs the language server over this process's stdin and stdout; resolves when the client says
 * `exit`. The protocol library then ends the process itself (status 0 after `shutdown`, 1
 * without), as it does when stdin closes.
 * stdout carries the protocol, so anything printed with `console` goes to the client's log.
 */
export function serveStdio(options: ServerOptions): Promise<number> {
  const connection = createConnection(process.stdin, process.stdout);
  const toLog =
    (write: (message: string) => void) =>
    (...args: unknown[]) =>
      write(args.map(String).join(' '));
  console.log = toLog((m) => connection.console.log(m));
  console.info = toLog((m) => connection.console.info(m));
  console.warn = toLog((m) => connection.console.warn(m));
  console.error = toLog((m) => connection.console.error(m));
  const exited = new Promise<number>((done) => connection.onExit(() => done(0)));
  startServer(connection, options);
  return exited;
}
