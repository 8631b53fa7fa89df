/** The position of the `nth` character of `needle` (its first occurrence) in `text`. */
export function at(text: string, needle: string, nth = 0): { line: number; character: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`'${needle}' is not in the text`);
  const before = text.slice(0, offset + nth).split('\n');
  return { line: before.length - 1, character: before.at(-1)!.length };
}
