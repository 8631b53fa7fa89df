/**
 * `npx tsx scripts/genScreenshots.ts`: the two README images, drawn by headless Chromium.
 *
 * - docs/images/editor-highlighting.png: the first lines of specs/inception_v3.incep tokenized by the
 *   VS Code extension's TextMate grammar (with vscode-textmate, the engine VS Code uses) and painted
 *   with the Dark+ theme's colours. It is not a capture of VS Code, which cannot run here.
 * - docs/images/inception-v3-graph.png: `incep graph specs/inception_v3.incep --expand`, cropped to
 *   the mixed0 module (block A, Figure 5 of the paper).
 *
 * Chromium comes from the system (INCEP_CHROMIUM, default /usr/bin/chromium); nothing is downloaded.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'puppeteer-core';
import type { IRawTheme } from 'vscode-textmate';

import { writeFileAtomic } from '../src/cli/writeFileAtomic.js';
import { compileFile } from '../src/compile.js';
import { graphModel } from '../src/graph/graphModel.js';
import { renderSvg } from '../src/graph/renderSvg.js';
import { loadIncepGrammar } from '../test/editors/loadIncepGrammar.js';
import { launchChromium } from '../test/support/chromium.js';

const SPEC = fileURLToPath(new URL('../specs/inception_v3.incep', import.meta.url));
const EDITOR_PNG = fileURLToPath(new URL('../docs/images/editor-highlighting.png', import.meta.url));
const GRAPH_PNG = fileURLToPath(new URL('../docs/images/inception-v3-graph.png', import.meta.url));
/** Lines 1–38: the header, the imports, defaults, blocks A and C (Figures 5 and 6) and ReductionB. */
const EDITOR_LINES = 38;
/** The expanded module to crop the graph to. */
const MODULE = 'mixed0';
/** README images stay small. */
const MAX_BYTES = 300 * 1024;

/**
 * The Dark+ colours (VS Code's default dark theme, dark_vs + dark_plus) for the scopes the incep
 * grammar produces. vscode-textmate matches them as VS Code does: the most specific selector wins.
 */
const DARK_PLUS: IRawTheme = {
  name: 'Dark+ colours',
  settings: [
    { settings: { foreground: '#D4D4D4', background: '#1E1E1E' } },
    { scope: 'comment', settings: { foreground: '#6A9955' } },
    { scope: 'string', settings: { foreground: '#CE9178' } },
    { scope: 'constant.character.escape', settings: { foreground: '#D7BA7D' } },
    { scope: 'constant.numeric', settings: { foreground: '#B5CEA8' } },
    { scope: 'constant.language', settings: { foreground: '#569CD6' } },
    { scope: ['keyword', 'storage', 'storage.type', 'variable.language'], settings: { foreground: '#569CD6' } },
    { scope: 'keyword.control', settings: { foreground: '#C586C0' } },
    { scope: 'keyword.operator', settings: { foreground: '#D4D4D4' } },
    { scope: ['entity.name.function', 'support.function'], settings: { foreground: '#DCDCAA' } },
    { scope: ['entity.name.type', 'support.type'], settings: { foreground: '#4EC9B0' } },
    {
      scope: ['variable', 'entity.name.variable', 'support.variable', 'support.type.property-name'],
      settings: { foreground: '#9CDCFE' },
    },
    { scope: 'invalid', settings: { foreground: '#F44747' } },
  ],
};

/** Where vscode-textmate packs the foreground colour index into a token's metadata (bits 15–23). */
const FOREGROUND_MASK = 0x00ff8000;
const FOREGROUND_OFFSET = 15;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The spec's first lines as coloured HTML spans, one row per line with its number. */
async function highlightedHtml(text: string): Promise<string> {
  const { grammar, registry } = await loadIncepGrammar(DARK_PLUS);
  const colors = registry.getColorMap();
  let stack: Parameters<typeof grammar.tokenizeLine2>[1] = null;
  const rows = text
    .split('\n')
    .slice(0, EDITOR_LINES)
    .map((line, i) => {
      const result = grammar.tokenizeLine2(line, stack);
      stack = result.ruleStack;
      const spans: string[] = [];
      for (let t = 0; t < result.tokens.length; t += 2) {
        const start = result.tokens[t]!;
        const end = t + 2 < result.tokens.length ? result.tokens[t + 2]! : line.length;
        const color = colors[(result.tokens[t + 1]! & FOREGROUND_MASK) >>> FOREGROUND_OFFSET];
        spans.push(`<span style="color:${color}">${escapeHtml(line.slice(start, end))}</span>`);
      }
      return `<div class="row"><span class="n">${i + 1}</span><span class="code">${spans.join('')}</span></div>`;
    });
  return `<!doctype html><meta charset="utf-8"><style>
    body { margin: 0; background: #1E1E1E; }
    #editor { display: inline-block; padding: 10px 24px 10px 0; background: #1E1E1E; color: #D4D4D4;
      font: 14px/19px "DejaVu Sans Mono", Menlo, Consolas, monospace; white-space: pre; }
    .n { display: inline-block; width: 3.2em; padding-right: 1.6em; text-align: right; color: #858585; }
  </style><div id="editor">${rows.join('')}</div>`;
}

async function screenshot(
  browser: Browser,
  html: string,
  selector: string,
  file: string,
  margin: number,
): Promise<void> {
  const page = await browser.newPage();
  // 1.5 device pixels per CSS pixel: sharp on high-density screens, still well under MAX_BYTES.
  await page.setViewport({ width: 2400, height: 1600, deviceScaleFactor: 1.5 });
  await page.setContent(html, { waitUntil: 'load' });
  const found = await (await page.$(selector))?.boundingBox();
  if (!found) throw new Error(`nothing matches ${selector}`);
  const box = {
    x: Math.max(0, found.x - margin),
    y: Math.max(0, found.y - margin),
    width: found.width + 2 * margin,
    height: found.height + 2 * margin,
  };
  const png = await page.screenshot({ type: 'png', clip: box });
  await page.close();
  if (png.byteLength > MAX_BYTES) throw new Error(`${file} would be ${png.byteLength} bytes (limit ${MAX_BYTES})`);
  await writeFileAtomic(file, png);
  process.stderr.write(`wrote ${file} (${Math.round(box.width)}x${Math.round(box.height)}, ${png.byteLength} bytes)\n`);
}

/** The expanded graph with the module's cluster marked, so the page can find and crop to it. */
async function graphHtml(): Promise<string> {
  const compiled = compileFile(SPEC);
  if (!compiled.ir) throw new Error(`cannot compile ${SPEC}: ${compiled.diagnostics.map((d) => d.message).join('; ')}`);
  const drawn = await renderSvg(graphModel(compiled.ir, { expand: true }));
  if (!drawn.ok) throw new Error(drawn.message);
  return `<!doctype html><meta charset="utf-8"><style>body { margin: 0; background: #fff; }</style>
    ${drawn.svg.replace(/^<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>)?/, '')}
    <script>
      for (const g of document.querySelectorAll('g.cluster')) {
        const label = g.querySelector('text');
        if (label && label.textContent.startsWith(${JSON.stringify(`${MODULE} (`)})) g.id = 'module';
      }
    </script>`;
}

async function main(): Promise<void> {
  const editor = await highlightedHtml(readFileSync(SPEC, 'utf8'));
  const graph = await graphHtml();
  const browser = await launchChromium();
  try {
    await screenshot(browser, editor, '#editor', EDITOR_PNG, 0);
    await screenshot(browser, graph, '#module', GRAPH_PNG, 40);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`genScreenshots: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
