/** A stream the CLI writes text to: `process.stdout` or a test's capture. */
export interface OutputStream {
  write(text: string): unknown;
  /** Set on terminals; colour is only used there. */
  isTTY?: boolean;
}

/**
 * Everything `main` touches outside itself, so tests run it in-process with captured output.
 * Omitted fields default to the real process's.
 */
export interface CliIO {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Directory that relative file arguments resolve against. */
  cwd?: string;
  /** Environment (`NO_COLOR`, `INCEP_DEBUG`). */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Calls `handler` when the user interrupts (Ctrl-C) until the returned function unsubscribes
   * it; by default on the process's SIGINT. Long commands (train) stop cleanly with it.
   */
  interrupts?: (handler: () => void) => () => void;
}
