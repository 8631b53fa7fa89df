import ts from 'typescript';

/**
 * Type-checks `files` (generated modules) under the project's tsconfig — strict, noUnused… — and
 * returns each error as `file.ts: message`; empty when they check.
 */
export function typeCheckFiles(files: readonly string[]): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    new URL('../../tsconfig.json', import.meta.url).pathname,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  )!;
  const program = ts.createProgram(files, { ...config.options, noEmit: true });
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) => `${d.file?.fileName.replace(/^.*\//, '') ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
}
