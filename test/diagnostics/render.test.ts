import { describe, expect, test } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { diagnostic, MAX_MESSAGE } from '../../src/diagnostics/code.js';
import { MAX_EXCERPT, renderJson, renderText, sortDiagnostics } from '../../src/diagnostics/render.js';
import { SourceFile, SourceRegistry } from '../../src/source/source-file.js';

const text = 'services:\n  web:\n    imagee: nginx\n' + '\n'.repeat(7) + '  db:\n    ports: 80\n';
const file = new SourceFile('/srv/app/compose.yaml', text);
const sources = new SourceRegistry();
sources.add(file);
const at = (needle: string, length = needle.length) => file.span(text.indexOf(needle), text.indexOf(needle) + length);

const unknown: Diagnostic = { code: 'C201', severity: 'error', message: 'unknown key `imagee` in service `web`', labels: [{ span: at('imagee'), message: 'not allowed here' }], help: 'did you mean `image`?' };
const wrongType: Diagnostic = { code: 'C202', severity: 'error', message: '`ports` must be a list', labels: [{ span: at('80') }, { span: at('web', 3), message: 'other' }] };
const global: Diagnostic = { code: 'C109', severity: 'error', message: 'no compose file found', labels: [] };

describe('renderText', () => {
  test('excerpt, caret under the span, help; paths relative to the working directory', () => {
    expect(renderText([unknown], sources, { relativeTo: '/srv/app' })).toBe(
      ['error[C201]: unknown key `imagee` in service `web`', ' --> compose.yaml:3:5', '  |', '3 |     imagee: nginx', '  |     ^^^^^^ not allowed here', '  = help: did you mean `image`?', ''].join('\n'),
    );
  });

  test('one gutter width for every excerpt of a diagnostic', () => {
    const out = renderText([wrongType], sources);
    expect(out).toContain('  --> /srv/app/compose.yaml:12:12\n   |\n12 |     ports: 80\n   |            ^^\n');
    expect(out).toContain('  ::: /srv/app/compose.yaml:2:3\n   |\n 2 |   web:\n   |   ^^^ other\n');
  });
});

describe('ordering and JSON', () => {
  test('sorted: run-wide ones first, then by file and position', () => {
    expect(sortDiagnostics([global, wrongType, unknown]).map((d) => d.code)).toEqual(['C109', 'C201', 'C202']);
  });

  test('JSON carries line, column and the related labels', () => {
    const [first, second] = JSON.parse(renderJson([wrongType, unknown], sources));
    expect(first).toMatchObject({ code: 'C201', file: '/srv/app/compose.yaml', line: 3, column: 5, endLine: 3, endColumn: 11, help: 'did you mean `image`?' });
    expect(second.related).toEqual([{ file: '/srv/app/compose.yaml', line: 2, column: 3, message: 'other' }]);
  });
});

describe('hostile sizes', () => {
  test('a long source line is shown as a window around the caret, the caret still under the span', () => {
    const long = `x-a: ${'y'.repeat(5000)}BAD${'z'.repeat(5000)}\n`;
    const f = new SourceFile('/p/c.yaml', long);
    const reg = new SourceRegistry();
    reg.add(f);
    const at = long.indexOf('BAD');
    const out = renderText([{ code: 'C201', severity: 'error', message: 'm', labels: [{ span: f.span(at, at + 3) }] }], reg);
    const [, , , source, caret] = out.split('\n');
    expect(source!.length).toBeLessThan(MAX_EXCERPT + 20);
    expect(source!.slice(caret!.indexOf('^'), caret!.lastIndexOf('^') + 1)).toBe('BAD');
    expect(out).toContain('--> /p/c.yaml:1:5006');
  });

  test('a message quoting a huge value is cut', () => {
    const d = diagnostic({ id: 'C601', severity: 'error', title: 't' }, `depends on \`${'$'.repeat(500_000)}\``);
    expect(d.message.length).toBeLessThan(MAX_MESSAGE + 50);
    expect(d.message).toMatch(/… \(499\d{3} more characters\)$/);
  });
});
