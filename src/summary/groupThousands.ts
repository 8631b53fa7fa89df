/**
 * An integer with comma thousands separators (`23,851,784`). Written out rather than
 * `toLocaleString` so the output does not depend on the machine's locale. Above 2^53 a double
 * no longer holds every integer, so printing all digits would claim a precision the sum does
 * not have (subtotals would not add up): such counts print as `≈1.235e+17`.
 */
export function groupThousands(n: number): string {
  if (!Number.isSafeInteger(Math.trunc(n))) return `≈${n.toExponential(3)}`;
  const sign = n < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(n)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
