import { describe, expect, it } from 'vitest';
import { computeChanges } from '../../src/apply/changes.js';
import { renderChangeDiff, renderDiff } from '../../src/apply/diff.js';
import { markFile } from '../../src/apply/marker.js';
import { project } from './scenario.js';

const meta = { project: 'myapp', source: 'compose.yml' };
const header = (content: string) => markFile(content, meta).split('\n').slice(0, 4);

describe('renderDiff', () => {
  it('renders a create from /dev/null', () => {
    expect(renderChangeDiff({ kind: 'create', name: 'myapp.target', after: 'a\nb\n' })).toBe('--- /dev/null\n+++ b/myapp.target\n@@ -0,0 +1,2 @@\n+a\n+b\n');
  });

  it('renders a delete to /dev/null', () => {
    expect(renderChangeDiff({ kind: 'delete', name: 'myapp-db.service', before: 'x\n' })).toBe('--- a/myapp-db.service\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-x\n');
  });

  it('renders an update with a/ and b/ and three lines of context', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', ''].join('\n');
    const after = before.replace('5', 'five');
    expect(renderChangeDiff({ kind: 'update', name: 'w.service', before, after, bodyChanged: true })).toBe(
      '--- a/w.service\n+++ b/w.service\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n',
    );
  });

  it('shows a missing final newline, and nothing for an unchanged file', () => {
    expect(renderChangeDiff({ kind: 'update', name: 'x', before: 'a', after: 'a\n', bodyChanged: true })).toBe('--- a/x\n+++ b/x\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+a\n');
    expect(renderChangeDiff({ kind: 'unchanged', name: 'x', content: 'a\n' })).toBe('');
  });

  it('renders a whole change set in name order, markers included', () => {
    const onDisk = new Map<string, string | undefined>([
      ['myapp-old.service', markFile('[Unit]\nDescription=old\n', meta)],
      ['myapp-web.service', markFile('[Unit]\nDescription=web\n', meta)],
    ]);
    const input = project({ 'myapp-web.service': '[Unit]\nDescription=web 2\n', 'myapp-a.service': '[Unit]\n' }, 'compose.yml');
    const set = computeChanges(input, onDisk, undefined, { force: false, unitDir: '/u' });
    const text = renderDiff(set.changes);
    const web = header('[Unit]\nDescription=web 2\n');
    expect(text).toBe(
      [
        '--- /dev/null',
        '+++ b/myapp-a.service',
        '@@ -0,0 +1,5 @@',
        ...header('[Unit]\n').map((l) => '+' + l),
        '+[Unit]',
        '--- a/myapp-old.service',
        '+++ /dev/null',
        '@@ -1,6 +0,0 @@',
        ...header('[Unit]\nDescription=old\n').map((l) => '-' + l),
        '-[Unit]',
        '-Description=old',
        '--- a/myapp-web.service',
        '+++ b/myapp-web.service',
        '@@ -1,6 +1,6 @@',
        ' ' + web[0],
        ' ' + web[1],
        ' ' + web[2],
        '-' + header('[Unit]\nDescription=web\n')[3],
        '+' + web[3],
        ' [Unit]',
        '-Description=web',
        '+Description=web 2',
        '',
      ].join('\n'),
    );
  });
});
