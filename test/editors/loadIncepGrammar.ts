import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import onig from 'vscode-oniguruma';
import vsctm from 'vscode-textmate';

/** The extension's TextMate grammar, the file VS Code reads. */
export const GRAMMAR_FILE = fileURLToPath(
  new URL('../../editors/vscode/syntaxes/incep.tmLanguage.json', import.meta.url),
);

const WASM = fileURLToPath(new URL('../../node_modules/vscode-oniguruma/release/onig.wasm', import.meta.url));

/** vscode-oniguruma's WebAssembly can be loaded once per process: every caller shares it. */
let onigLib: Promise<vsctm.IOnigLib> | undefined;

function loadOnig(): Promise<vsctm.IOnigLib> {
  onigLib ??= readFile(WASM).then(async (wasm) => {
    await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return {
      createOnigScanner: (patterns: string[]) => new onig.OnigScanner(patterns),
      createOnigString: (text: string) => new onig.OnigString(text),
    };
  });
  return onigLib;
}

/**
 * Loads `source.incep` with the engine VS Code itself uses (vscode-textmate on Oniguruma), so what
 * the tests and the screenshot see is what the editor does. With a theme, `tokenizeLine2` gives
 * colours from `registry.getColorMap()`.
 */
export async function loadIncepGrammar(
  theme?: vsctm.IRawTheme,
): Promise<{ grammar: vsctm.IGrammar; registry: vsctm.Registry }> {
  const registry = new vsctm.Registry({
    onigLib: loadOnig(),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.incep' ? vsctm.parseRawGrammar(await readFile(GRAMMAR_FILE, 'utf8'), GRAMMAR_FILE) : null,
    ...(theme ? { theme } : {}),
  });
  const grammar = await registry.loadGrammar('source.incep');
  if (!grammar) throw new Error(`cannot load source.incep from ${GRAMMAR_FILE}`);
  return { grammar, registry };
}
