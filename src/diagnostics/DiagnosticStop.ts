import type { Diagnostic } from './Diagnostic.js';

/**
 * Stops a phase at its first error (elaboration, instantiation). Thrown inside the phase and
 * caught at its entry point, which returns the diagnostic as a value: it never reaches a caller.
 */
export class DiagnosticStop extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}
