import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';

/** Separates the message from its hint in the strings chevrotain carries for us. */
export const HINT_SEPARATOR = '\u0000';

const RULE_HINTS: Record<string, string> = {
  file: 'a file holds `import "…"`, `block …` and `model …` items',
  modelDecl: 'a model holds input, classes, defaults, stem, body, head, aux, train and block items',
  statement:
    'a statement is an op (`conv 64 3x3`), a block instance (`A(32) as mixed0`), `branch { … }`, `split { … } { … }` or `project …`',
  seqBody:
    'a statement is an op (`conv 64 3x3`), a block instance (`A(32) as mixed0`), `branch { … }`, `split { … } { … }` or `project …`',
  callStmt:
    'arguments are numbers, sizes (`3x3`), strides (`/2`), words (`relu`), `key=value` or option calls (`bn(scale=false)`)',
  freeArg:
    'arguments are numbers, sizes (`3x3`), strides (`/2`), words (`relu`), `key=value` or option calls (`bn(scale=false)`)',
  argList: 'arguments in parentheses are separated by commas: `(64, kernel=3x3)`',
  paramList: 'parameters are names with optional defaults: `block B(c7, scale=0.1)`',
  auxDecl: 'an aux head reads `aux NAME at INSTANCE weight 0.3 { … }`',
  inputDecl: 'the input is written HxWxC, e.g. `input 299x299x3`',
  classesDecl: 'the number of classes is an integer, e.g. `classes 1000`',
  blockDef: 'a block reads `block Name(params) { … }` or `block Name residual(scale=0.17) { … }`',
  importDecl: 'an import names a file in double quotes: `import "lib/blocks.incep"`',
};

/** The words a user would write for a token type. */
function label(type: TokenType): string {
  if (type.LABEL) return type.LABEL;
  switch (type.name) {
    case 'Identifier':
    case 'Name':
      return 'a name';
    case 'Int':
      return 'an integer';
    case 'Float':
      return 'a number';
    case 'Dims':
      return 'a size such as 3x3';
    case 'StringLiteral':
      return 'a string';
    case 'Times':
      return "'x'";
    case 'EOF':
      return 'end of file';
    default:
      return `'${type.name.toLowerCase()}'`;
  }
}

/** Token types of keywords (hard and soft), for "found the keyword" messages. */
const KEYWORDS = new Set([
  'Model',
  'Block',
  'Branch',
  'Split',
  'Residual',
  'Import',
  'As',
  'At',
  'Times',
  'Input',
  'Classes',
  'Defaults',
  'Stem',
  'Body',
  'Head',
  'Aux',
  'Train',
  'Weight',
  'Project',
  'In',
]);
const HARD_KEYWORDS = ['model', 'block', 'branch', 'split', 'residual', 'import', 'as', 'at', 'x'];

function keywordHint(word: string): string {
  if (HARD_KEYWORDS.includes(word))
    return `${HARD_KEYWORDS.map((k) => `'${k}'`).join(', ')} are reserved: choose another name`;
  return `'${word}' can be a plain word in arguments, but not the name of a model, block, op, default or training setting: choose another name`;
}

/** How to show the token that was found. */
export function describeToken(tok: IToken): string {
  if (tok.tokenType.name === 'EOF') return 'end of file';
  if (tok.tokenType.name === 'Newline') return 'end of line';
  return `'${tok.image}'`;
}

function withHint(message: string, ruleName: string): string {
  const hint = RULE_HINTS[ruleName];
  return hint ? `${message}${HINT_SEPARATOR}${hint}` : message;
}

function firsts(paths: TokenType[][][]): string {
  const labels = new Set<string>();
  for (const alt of paths) for (const path of alt) if (path[0]) labels.add(label(path[0]));
  const list = [...labels];
  if (list.length <= 1) return list[0] ?? 'more input';
  return `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
}

/** Short, user-facing parser messages (chevrotain's defaults name internal token types). */
export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    // Only the top level expects the end of file: anything left over is an item it cannot read.
    if (expected.name === 'EOF') return withHint(`unexpected ${describeToken(actual)}`, 'file');
    const nameExpected =
      expected.name === 'Identifier' || expected.name === 'Name' || ruleName === 'paramList' || ruleName === 'argList';
    if (
      nameExpected &&
      KEYWORDS.has(actual.tokenType.name) &&
      (expected.name !== 'RParen' || HARD_KEYWORDS.includes(actual.image))
    ) {
      return `expected a name but found the keyword '${actual.image}'${HINT_SEPARATOR}${keywordHint(actual.image)}`;
    }
    return withHint(`expected ${label(expected)} but found ${describeToken(actual)}`, ruleName);
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return withHint(`unexpected ${describeToken(firstRedundant)}`, 'file');
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const found = actual[0];
    return withHint(
      `expected ${firsts(expectedPathsPerAlt)} but found ${found ? describeToken(found) : 'end of file'}`,
      ruleName,
    );
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const found = actual[0];
    return withHint(
      `expected ${firsts([expectedIterationPaths])} but found ${found ? describeToken(found) : 'end of file'}`,
      ruleName,
    );
  },
};
