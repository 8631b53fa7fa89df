import type { BinaryOp } from './ModuleIR.js';

/**
 * The language's arithmetic on numbers: `/` is true division, `//` floors, `%` is floored modulo
 * (as Python). Division by zero and non-finite results are what the caller reports (E0402).
 */
export function arithmetic(op: BinaryOp, a: number, b: number): number | 'division by zero' | 'too large' {
  if ((op === '/' || op === '//' || op === '%') && b === 0) return 'division by zero';
  const value =
    op === '+'
      ? a + b
      : op === '-'
        ? a - b
        : op === '*'
          ? a * b
          : op === '/'
            ? a / b
            : op === '//'
              ? Math.floor(a / b)
              : a - b * Math.floor(a / b);
  return Number.isFinite(value) ? value : 'too large';
}
