import { describe, expect, it } from 'vitest';
import { computeChanges, isApplicable } from '../../src/apply/changes.js';
import { InternalError } from '../../src/diagnostics/diagnostic.js';
import { markFile } from '../../src/apply/marker.js';
import { serializeRecord } from '../../src/apply/record.js';
import { project } from './scenario.js';

const opts = { force: false, unitDir: '/u' };
const mine = (body: string) => markFile(body, { project: 'myapp', source: 's' });

describe('computeChanges', () => {
  it('is deterministic: the same changes whatever the order of inputs and disk entries', () => {
    const files = { 'b.service': 'B\n', 'a.service': 'A\n', 'c.target': 'C\n' };
    const disk = [
      ['z.service', mine('Z\n')],
      ['a.service', mine('old\n')],
    ] as [string, string][];
    const one = computeChanges(project(files, 's'), new Map(disk), undefined, opts);
    const two = computeChanges(project(Object.fromEntries(Object.entries(files).reverse()), 's'), new Map([...disk].reverse()), undefined, opts);
    // startOrder is meaningful input and kept as given; everything else must not depend on order.
    expect({ ...one, intent: undefined, record: one.record.files }).toEqual({ ...two, intent: undefined, record: two.record.files });
    expect(one.intent?.files).toEqual(two.intent?.files);
    expect(one.changes.map((c) => `${c.kind} ${c.name}`)).toEqual(['update a.service', 'create b.service', 'create c.target', 'delete z.service']);
  });

  it('ignores files that are not ours and not wanted, whatever they contain', () => {
    const disk = new Map<string, string | undefined>([
      ['nginx.service', '[Service]\n'],
      ['link.service', undefined],
      ['other-web.service', markFile('x', { project: 'other', source: 's' })],
      ['.hidden.service', mine('x')],
    ]);
    const set = computeChanges(project({}, 's'), disk, undefined, opts);
    expect(set.changes).toEqual([]);
    expect(set.diagnostics).toEqual([]);
    expect(set.recordAction).toBe('none');
  });

  it('writes an intent record only when files appear that the record does not list', () => {
    const input = project({ 'a.service': 'A\n', 'b.service': 'B\n' }, 's');
    const first = computeChanges(input, new Map(), undefined, opts);
    expect(first.intent?.files.map((f) => f.name)).toEqual(['a.service', 'b.service']);
    expect(first.recordAction).toBe('none'); // the intent already is the final record
    const recordText = serializeRecord(first.record);
    const changed = computeChanges(project({ 'a.service': 'A2\n', 'b.service': 'B\n' }, 's'), new Map([['a.service', mine('A\n')], ['b.service', mine('B\n')]]), recordText, opts);
    expect(changed.intent).toBeUndefined();
    expect(changed.recordAction).toBe('write');
    const grown = computeChanges(project({ 'c.service': 'C\n' }, 's'), new Map([['a.service', mine('A\n')], ['b.service', mine('B\n')]]), recordText, opts);
    expect(grown.intent?.files.map((f) => f.name)).toEqual(['a.service', 'b.service', 'c.service']);
    expect(grown.record.files.map((f) => f.name)).toEqual(['c.service']);
    expect(grown.recordAction).toBe('write');
  });

  it('lists leftover temp files of our files and of the record as strays, not those of others', () => {
    const disk = new Map<string, string | undefined>([
      ['.a.service.c2s-tmp', 'half'],
      ['.gone.service.c2s-tmp', 'half'],
      ['.foreign.service.c2s-tmp', 'half'],
      ['gone.service', mine('G\n')],
      ['.compose2systemd/.myapp.json.c2s-tmp', '{'],
    ]);
    const set = computeChanges(project({ 'a.service': 'A\n' }, 's'), disk, undefined, opts);
    expect(set.strays).toEqual(['.a.service.c2s-tmp', '.compose2systemd/.myapp.json.c2s-tmp', '.gone.service.c2s-tmp']);
  });

  it('labels conflicts with the file path and blocks applying', () => {
    const set = computeChanges(project({ 'a.service': 'A\n' }, 's'), new Map([['a.service', 'mine\n']]), undefined, opts);
    expect(set.diagnostics.map((d) => [d.code, d.severity, d.labels[0]?.span.file])).toEqual([['C801', 'error', '/u/a.service']]);
    expect(set.diagnostics[0]?.help).toContain('--force');
    expect(isApplicable(set)).toBe(false);
    expect(isApplicable(computeChanges(project({ 'a.service': 'A\n' }, 's'), new Map([['a.service', 'mine\n']]), undefined, { ...opts, force: true }))).toBe(true);
  });

  it.each([
    { name: 'a path as file name', files: [{ path: '../x.service', content: '' }] },
    { name: 'a hidden file name', files: [{ path: '.x.service', content: '' }] },
    { name: 'a duplicate', files: [{ path: 'x.service', content: '' }, { path: 'x.service', content: '' }] },
  ])('treats $name from the planner as a bug', ({ files }) => {
    expect(() => computeChanges({ ...project({}, 's'), files }, new Map(), undefined, opts)).toThrow(InternalError);
  });

  it('treats an invalid project name as a bug (it names the record file)', () => {
    expect(() => computeChanges({ ...project({}, 's'), project: '../etc' }, new Map(), undefined, opts)).toThrow(InternalError);
  });
});
