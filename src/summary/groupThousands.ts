/**
 * An integer with comma thousands separators (`23,851,784`). Written out rather than
 * `toLocaleString` so the output does not depend on the machine's locale.
 */
export function groupThousands(n: number): string {
  const sign = n < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(n)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
