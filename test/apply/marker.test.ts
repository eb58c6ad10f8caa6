import { describe, expect, it } from 'vitest';
import { hashBody, markFile, MARKER_LINE, readMarker } from '../../src/apply/marker.js';

const meta = { project: 'myapp', source: '/srv/app/docker-compose.yml' };
const unit = '[Unit]\nDescription=web\n\n[Service]\nExecStart=/usr/bin/podman run web\n';

describe('markFile', () => {
  it('puts a four-line marker above the content and keeps the content as the body', () => {
    const text = markFile(unit, meta);
    const lines = text.split('\n');
    expect(lines.slice(0, 4)).toEqual([MARKER_LINE, '# compose2systemd-project: myapp', '# compose2systemd-source: /srv/app/docker-compose.yml', `# compose2systemd-hash: ${hashBody(unit)}`]);
    expect(text.endsWith(unit)).toBe(true);
    expect(hashBody(unit)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('escapes line breaks in the source so they cannot inject a directive', () => {
    const text = markFile(unit, { project: 'p', source: 'a\nExecStartPre=/bin/evil\\x' });
    expect(text.split('\n')[2]).toBe('# compose2systemd-source: a\\nExecStartPre=/bin/evil\\\\x');
    expect(text.split('\n').filter((l) => l.startsWith('ExecStartPre'))).toEqual([]);
    expect(readMarker(text)?.source).toBe('a\nExecStartPre=/bin/evil\\x');
  });
});

describe('readMarker', () => {
  const marked = markFile(unit, meta);
  const table: { name: string; text: string; expected: { project: string; intact: boolean } | undefined }[] = [
    { name: 'intact file', text: marked, expected: { project: 'myapp', intact: true } },
    { name: 'body edited', text: marked.replace('Description=web', 'Description=mine'), expected: { project: 'myapp', intact: false } },
    { name: 'line appended', text: marked + 'Restart=always\n', expected: { project: 'myapp', intact: false } },
    { name: 'hash line edited', text: marked.replace(/sha256:[0-9a-f]{4}/, 'sha256:0000'), expected: { project: 'myapp', intact: false } },
    { name: 'CRLF conversion', text: marked.replace(/\n/g, '\r\n'), expected: undefined },
    { name: 'no marker', text: unit, expected: undefined },
    { name: 'empty file', text: '', expected: undefined },
    { name: 'marker line only', text: MARKER_LINE + '\n', expected: undefined },
    { name: 'marker lines reordered', text: [MARKER_LINE, '# compose2systemd-source: x', '# compose2systemd-project: p', '# compose2systemd-hash: sha256:0', ''].join('\n'), expected: undefined },
    { name: 'empty project', text: [MARKER_LINE, '# compose2systemd-project: ', '# compose2systemd-source: x', `# compose2systemd-hash: ${hashBody('')}`, ''].join('\n'), expected: undefined },
    { name: 'other project', text: markFile(unit, { project: 'other', source: 'x' }), expected: { project: 'other', intact: true } },
  ];
  it.each(table)('$name', ({ text, expected }) => {
    const m = readMarker(text);
    if (expected === undefined) expect(m).toBeUndefined();
    else expect(m && { project: m.project, intact: m.intact }).toEqual(expected);
  });

  it('returns the body and source exactly', () => {
    const m = readMarker(marked);
    expect(m).toEqual({ project: 'myapp', source: meta.source, hash: hashBody(unit), body: unit, intact: true });
  });

  it('round-trips an empty body and a body that starts with a comment', () => {
    for (const body of ['', '# my own comment\n[Unit]\n', '# compose2systemd-project: fake\n']) {
      const m = readMarker(markFile(body, meta));
      expect(m?.body).toBe(body);
      expect(m?.project).toBe('myapp');
      expect(m?.intact).toBe(true);
    }
  });
});
