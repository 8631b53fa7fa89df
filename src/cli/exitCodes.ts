/**
 * The exit statuses of `incep`. 70 is sysexits' EX_SOFTWARE: a bug in incep, never the user's
 * input. Scripts rely on these, so they never change meaning.
 */
export const EXIT = {
  ok: 0,
  /** Errors in a spec, or an output that could not be written. */
  failed: 1,
  /** A command line incep does not understand, or a backend that cannot be used. */
  usage: 2,
  internal: 70,
} as const;
