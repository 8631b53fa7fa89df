import { expect } from 'chai';
import { chevrotain } from '../../grammar/chevrotain.js';
import { IncepParser } from '../../grammar/parser.js';
import { allTokens, lexerConfig } from '../../grammar/tokens.js';

// The shared lexer and parser skip chevrotain's definition checks to start fast; these run them.
describe('grammar definition', () => {
  it('the tokens pass chevrotain’s lexer validations', () => {
    const lexer = new chevrotain.Lexer(allTokens, { ...lexerConfig, skipValidations: false });
    expect(lexer.lexerDefinitionErrors).to.deep.equal([]);
  });

  it('the grammar passes chevrotain’s parser validations (ambiguities, left recursion, …)', () => {
    // performSelfAnalysis throws on any definition error.
    expect(() => new IncepParser(true)).not.to.throw();
  });
});
