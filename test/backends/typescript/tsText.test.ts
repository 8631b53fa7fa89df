import { expect } from 'chai';
import {
  docLines,
  identifier,
  lineComment,
  stringLiteral,
  templateText,
} from '../../../src/backends/typescript/tsText.js';
import { codeTokens, literalValue, parseErrors } from '../../support/tsTokens.js';

// Text that would run code if it escaped its comment, string or template literal.
const HOSTILE = [
  '*/ process.exit(1) /*',
  '\u2028process.exit(1)',
  '\u2029process.exit(1)',
  '\nprocess.exit(1)',
  '\rprocess.exit(1)',
  '`; process.exit(1); `',
  '${process.exit(1)}',
  '"; process.exit(1); "',
  '\\`${process.exit(1)}',
  '\\',
];

describe('emit/tsText', () => {
  for (const text of HOSTILE) {
    const label = JSON.stringify(text);
    it(`keeps ${label} inside a line comment`, () => {
      const code = `${lineComment(text)}\nconst ok = 1;\n`;
      expect(parseErrors(code)).to.deep.equal([]);
      expect(codeTokens(code)).to.deep.equal(['const', 'ok', '=', '1', ';']);
    });
    it(`keeps ${label} inside a JSDoc comment`, () => {
      const code = `/**\n${docLines(text).join('\n')}\n */\nconst ok = 1;\n`;
      expect(parseErrors(code)).to.deep.equal([]);
      expect(codeTokens(code)).to.deep.equal(['const', 'ok', '=', '1', ';']);
    });
    it(`keeps ${label} inside a string literal`, () => {
      const code = `const s = ${stringLiteral(text)};\n`;
      expect(parseErrors(code)).to.deep.equal([]);
      expect(codeTokens(code)).to.deep.equal(['const', 's', '=', ';']);
      expect(literalValue(code)).to.equal(text);
    });
    it(`keeps ${label} inside a template literal`, () => {
      const code = `const s = \`a${templateText(text)}b\`;\n`;
      expect(parseErrors(code)).to.deep.equal([]);
      expect(codeTokens(code)).to.deep.equal(['const', 's', '=', ';']);
      expect(literalValue(code)).to.equal(`a${text}b`);
    });
  }

  const names: Array<[string, string]> = [
    ['pool', 'pool'],
    ['class', 'class_'],
    ['function', 'function_'],
    ['tf', 'tf_'],
    ['Build', 'Build_'],
    ['CONV', 'CONV_'],
    ['a-b', 'id_61_2d_62'],
    ['x\u2028y', 'id_78_2028_79'],
  ];
  for (const [name, expected] of names) {
    it(`identifier(${JSON.stringify(name)}) is ${expected}`, () => {
      expect(identifier(name)).to.equal(expected);
      expect(codeTokens(`const ${identifier(name)} = 1;`)).to.have.length(5);
    });
  }
});
