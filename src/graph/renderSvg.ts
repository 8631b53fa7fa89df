/**
 * A DOT graph drawn as SVG by Graphviz compiled to WebAssembly (`@viz-js/viz`), so no system
 * Graphviz is needed. Loaded on first use: only `incep graph` pays for it.
 */
export async function renderSvg(dot: string): Promise<{ ok: true; svg: string } | { ok: false; message: string }> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  const result = viz.render(dot, { format: 'svg' });
  if (result.status !== 'success') {
    return { ok: false, message: result.errors.map((e) => e.message).join('; ') || 'Graphviz could not lay it out' };
  }
  return { ok: true, svg: result.output };
}
