/**
 * Limits that keep any spec from exhausting memory or time before an error is shown. The
 * language reference's Limits table lists them; instantiation enforces them.
 */
export const LIMITS = {
  params: 1_000_000_000,
  layers: 100_000,
  repeat: 1_000,
  filters: 65_536,
  kernel: 1_024,
  side: 16_384,
  channels: 4_096,
  classes: 1_000_000,
  depth: 64,
} as const;
