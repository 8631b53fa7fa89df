import type { OutputStream } from './CliIO.js';

/**
 * Whether to colour text written to `stream`: only on a terminal, and never when `NO_COLOR` is
 * set to a non-empty value (https://no-color.org), so pipes and logs stay plain.
 */
export function useColor(stream: OutputStream, env: Readonly<Record<string, string | undefined>>): boolean {
  return stream.isTTY === true && !env['NO_COLOR'];
}
