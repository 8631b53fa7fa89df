import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO, OutputStream } from '../../src/cli/CliIO.js';
import { main } from '../../src/cli/main.js';

/** What one in-process run of `incep` printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A stream that keeps what is written to it. */
export function capture(isTTY = false): OutputStream & { text: () => string } {
  const chunks: string[] = [];
  return { isTTY, write: (s: string) => chunks.push(s), text: () => chunks.join('') };
}

/** Runs `main(argv)` with captured output; the environment is empty unless given. */
export async function runCli(
  argv: string[],
  options: {
    cwd?: string;
    env?: CliIO['env'];
    tty?: boolean;
    /** Sees what is written to stderr as it is written, with a way to press Ctrl-C. */
    onStderr?: (text: string, interrupt: () => void) => void;
  } = {},
): Promise<CliRun> {
  const stdout = capture(options.tty);
  const stderr = capture(options.tty);
  let interruptHandler: (() => void) | undefined;
  const io: CliIO = {
    stdout,
    stderr: {
      isTTY: stderr.isTTY,
      write: (text: string) => {
        stderr.write(text);
        options.onStderr?.(text, () => interruptHandler?.());
      },
    },
    env: options.env ?? {},
    // Never the process's own SIGINT: a test's Ctrl-C is `interrupt` above.
    interrupts: (handler) => {
      interruptHandler = handler;
      return () => {
        interruptHandler = undefined;
      };
    },
  };
  if (options.cwd !== undefined) io.cwd = options.cwd;
  const code = await main(argv, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** The Inception v3 spec of the repository, relative to the working directory as a user types it. */
export const V3 = 'specs/inception_v3.incep';

/** A small model with every section: two block instances, a residual block, an aux head, train. */
export const TINY = `model Tiny {
  input 32x32x3
  classes 10
  stem {
    conv 8 3x3 /2 relu
  }
  block B {
    branch a { conv 4 1x1 }
    branch b { maxpool 3x3 /1 same }
  }
  block R residual(scale=0.2) {
    branch a { conv 8 1x1 }
    branch b { conv 8 3x3 same }
  }
  body {
    B x 2 as blk1
    R as res
  }
  aux side at blk1 weight 0.3 {
    globalavgpool
    dense classes softmax
  }
  head {
    globalavgpool
    dense classes softmax
  }
  train {
    optimizer sgd(lr=0.1)
    epochs 3
  }
}
`;

/** A temporary directory holding the given files; `cleanup` removes it. */
export async function tempDir(
  files: Record<string, string> = {},
): Promise<{ dir: string; path: (name: string) => string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'incep-cli-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return { dir, path: (name) => join(dir, name), cleanup: () => rm(dir, { recursive: true, force: true }) };
}
