import { expect } from 'chai';
import { error, hasErrors, warning, type Diagnostic } from '../../src/diagnostics/Diagnostic.js';
import { formatDiagnostic } from '../../src/diagnostics/formatDiagnostic.js';
import { formatLocation, joinSpans, type Span } from '../../src/diagnostics/Span.js';
import { compileText } from '../fixtures/helpers.js';

const SOURCE = 'model M {\n  stem {\n    cnov 32 3x3 /2\n  }\n}\n';
const SOURCES = new Map([['specs/x.incep', SOURCE]]);

function span(file: string, line: number, column: number, length: number, offset = 0): Span {
  return { file, start: { offset, line, column }, end: { offset: offset + length, line, column: column + length } };
}

describe('formatDiagnostic', () => {
  it('prints the header, the code frame with a caret under the span, and the hint last', () => {
    const d = error('E0301', "unknown op or block 'cnov'", span('specs/x.incep', 3, 5, 4, 23), "did you mean 'conv'?");
    expect(formatDiagnostic(d, { sources: SOURCES })).to.equal(
      [
        "specs/x.incep:3:5: error[E0301]: unknown op or block 'cnov'",
        '  2 |   stem {',
        '> 3 |     cnov 32 3x3 /2',
        '    |     ^^^^',
        '  4 |   }',
        "hint: did you mean 'conv'?",
      ].join('\n'),
    );
  });

  it('prints warnings with their severity', () => {
    const d = warning('W0501', 'residual scale 0.5 is outside 0.1–0.3', span('specs/x.incep', 1, 7, 1));
    expect(formatDiagnostic(d, { sources: SOURCES }).split('\n')[0]).to.equal(
      'specs/x.incep:1:7: warning[W0501]: residual scale 0.5 is outside 0.1–0.3',
    );
  });

  it('prints only the header (and hint) without a span', () => {
    const d = error('E0100', 'file is larger than 4 MiB', undefined, 'split the spec');
    expect(formatDiagnostic(d)).to.equal('error[E0100]: file is larger than 4 MiB\nhint: split the spec');
  });

  it('prints a note with its own frame for every related location, before the hint', () => {
    const d = error('E0303', "block 'A' is defined twice", span('b.incep', 2, 7, 1, 23), 'rename one of them', [
      { span: span('a.incep', 1, 7, 1), message: 'first defined here' },
    ]);
    const sources = new Map([
      ['a.incep', 'block A { conv 8 1x1 }\n'],
      ['b.incep', 'import "a.incep"\nblock A { conv 4 1x1 }\n'],
    ]);
    expect(formatDiagnostic(d, { sources })).to.equal(
      [
        "b.incep:2:7: error[E0303]: block 'A' is defined twice",
        '  1 | import "a.incep"',
        '> 2 | block A { conv 4 1x1 }',
        '    |       ^',
        '  3 |',
        'a.incep:1:7: note: first defined here',
        '> 1 | block A { conv 8 1x1 }',
        '    |       ^',
        '  2 |',
        'hint: rename one of them',
      ].join('\n'),
    );
  });

  it('shows one caret for a zero-width span at the end of the file', () => {
    const r = compileText('model M { input 8x8x3');
    const d = r.diagnostics[0]!;
    expect(d.span!.start.offset).to.equal(d.span!.end.offset);
    const text = formatDiagnostic(d, { sources: r.sources });
    expect(text.split('\n').slice(0, 3)).to.deep.equal([
      "x.incep:1:22: error[E0201]: expected '}' but found end of file",
      '> 1 | model M { input 8x8x3',
      '    |                      ^',
    ]);
  });

  it('keeps the frame on its line when the text holds U+2028 (incep breaks lines at \\n only)', () => {
    const source = 'model M {\n  // a comment\u2028 and more\n  stem { cnov 8 1x1 }\n}\n';
    const d = error('E0301', "unknown op or block 'cnov'", span('y.incep', 3, 10, 4, 37));
    const text = formatDiagnostic(d, { sources: new Map([['y.incep', source]]) });
    expect(text.split('\n').slice(1, 4)).to.deep.equal([
      '  2 |   // a comment\ufffd and more',
      '> 3 |   stem { cnov 8 1x1 }',
      '    |          ^^^^',
    ]);
  });

  it('underlines a span over several lines', () => {
    const d = error('E0501', 'x', {
      file: 'f',
      start: { offset: 0, line: 1, column: 1 },
      end: { offset: 14, line: 2, column: 5 },
    });
    const text = formatDiagnostic(d, { sources: new Map([['f', 'model M {\n  }\n']]) });
    expect(text).to.include('> 1 | model M {');
    expect(text).to.include('> 2 |   }');
  });

  it('leaves the frame out when the source is unknown and the file does not exist', () => {
    const d = error('E0301', 'unknown', span('does/not/exist.incep', 1, 1, 1));
    expect(formatDiagnostic(d)).to.equal('does/not/exist.incep:1:1: error[E0301]: unknown');
  });

  it('colours the frame only when asked', () => {
    const d = error('E0301', "unknown op or block 'cnov'", span('specs/x.incep', 3, 5, 4, 23));
    const esc = String.fromCharCode(27);
    expect(formatDiagnostic(d, { sources: SOURCES })).to.not.include(esc);
    const coloured = formatDiagnostic(d, { sources: SOURCES, color: true });
    // The header stays plain (it is grepped); the frame is coloured whatever stdout is.
    expect(coloured.split('\n')[0]).to.not.include(esc);
    expect(coloured.split('\n').slice(1).join('\n')).to.include(esc);
  });

  it('formats what compile reports for each phase', () => {
    for (const source of [
      'model M { @ }',
      'model M { stem { cnov 8 1x1 } }',
      'model M { input 8x8x3; stem { conv 8 9x9 } }',
    ]) {
      const r = compileText(source);
      const text = formatDiagnostic(r.diagnostics[0]!, { sources: r.sources });
      expect(text, source).to.match(/^x\.incep:1:\d+: error\[E0\d{3}\]: /);
      expect(text, source).to.include('> 1 | ');
      expect(text, source).to.include('^');
    }
  });
});

describe('Diagnostic and Span helpers', () => {
  it('omits an empty hint and empty related information', () => {
    const d: Diagnostic = error('E0301', 'm', undefined, '', []);
    expect(d).to.deep.equal({ severity: 'error', code: 'E0301', message: 'm' });
    expect(warning('W0501', 'w', undefined).severity).to.equal('warning');
  });

  it('tells whether any diagnostic is an error', () => {
    expect(hasErrors([])).to.equal(false);
    expect(hasErrors([warning('W0501', 'w', undefined)])).to.equal(false);
    expect(hasErrors([warning('W0501', 'w', undefined), error('E0301', 'e', undefined)])).to.equal(true);
  });

  it('formats a location and joins spans', () => {
    const a = span('f', 1, 3, 2, 2);
    const b = span('f', 2, 1, 4, 10);
    expect(formatLocation(a)).to.equal('f:1:3');
    expect(joinSpans(a, b)).to.deep.equal({ file: 'f', start: a.start, end: b.end });
    expect(joinSpans(b, a)).to.deep.equal({ file: 'f', start: a.start, end: b.end });
  });
});
