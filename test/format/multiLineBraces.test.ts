import { expect } from 'chai';
import { multiLineBraces } from '../../src/format/multiLineBraces.js';
import { sourceTokens } from '../../src/format/sourceTokens.js';
import { parse } from '../../src/syntax/parse.js';

/** The line:column of each brace `multiLineBraces` picks in `text`. */
function picked(text: string): string[] {
  const tokens = sourceTokens(parse(text, 'braces.incep').lexed!);
  const set = multiLineBraces(tokens);
  return tokens.filter((t) => set.has(t)).map((t) => `${t.image}${t.startLine}:${t.startColumn}`);
}

describe('format/multiLineBraces', () => {
  const cases: Array<{ name: string; text: string; braces: string[] }> = [
    { name: 'a body on one line is not picked', text: 'block B { conv 8 1x1; conv 8 3x3 }', braces: [] },
    {
      name: 'a body over several lines is, with the bodies around it, not the one-line ones inside',
      text: 'block B { branch a { conv 8 1x1 }\n branch b { conv 8 1x1 } }',
      braces: ['{1:9', '}2:26'],
    },
    {
      name: 'a nested body over several lines makes its enclosing one multi-line',
      text: 'block B { split {\n conv 8 1x1\n } { conv 8 3x3 } }',
      braces: ['{1:9', '{1:17', '}3:2', '}3:19'],
    },
    { name: 'an empty body is never picked, whatever its lines', text: 'block B {\n\n ;\n}', braces: [] },
    { name: 'a comment is content', text: 'block B {\n # soon\n}', braces: ['{1:9', '}3:1'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(picked(c.text)).to.deep.equal(c.braces);
    });
  }
});
