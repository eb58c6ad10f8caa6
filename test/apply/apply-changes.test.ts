import { describe, expect, it } from 'vitest';
import { applyChanges } from '../../src/apply/apply-changes.js';
import { changedUnits, isNoop, removedUnits, type Change } from '../../src/apply/changes.js';
import { markFile } from '../../src/apply/marker.js';
import { serializeRecord } from '../../src/apply/record.js';
import { FakeHost } from './fake-host.js';
import { empty, project, RECORD, UNIT_DIR, up, v1, v2, v3 } from './scenario.js';

const path = (name: string) => `${UNIT_DIR}/${name}`;
const marked = (input: typeof v1, name: string) => markFile(input.files.find((f) => f.path === name)!.content, { project: input.project, source: input.source });
const kinds = (changes: readonly Change[]) => changes.map((c) => `${c.kind} ${c.name}`);
const codes = (set: { diagnostics: readonly { code: string }[] }) => set.diagnostics.map((d) => d.code);
const mutations = (host: FakeHost) => host.mutatingCalls().map((c) => (c.op === 'run' ? `run ${c.argv.join(' ')}` : 'path' in c ? `${c.op} ${c.path}` : c.op));

/** The disk after installing `input` into an empty unit directory with no interruption. */
async function cleanState(...inputs: (typeof v1)[]): Promise<Record<string, string>> {
  const host = new FakeHost();
  for (const input of inputs) {
    const { result } = await up(host, input);
    expect(result?.completed).toBe(true);
  }
  return host.snapshot();
}

describe('first install', () => {
  it('writes the intent record first, then every unit, each marked', async () => {
    const host = new FakeHost();
    const { set, result } = await up(host, v1);
    expect(kinds(set.changes)).toEqual(['create myapp-db.service', 'create myapp-web.service', 'create myapp.target']);
    expect(set.diagnostics).toEqual([]);
    expect(mutations(host)).toEqual([
      `mkdirp ${UNIT_DIR}/.compose2systemd`,
      `writeFileAtomic ${RECORD}`,
      `writeFileAtomic ${path('myapp-db.service')}`,
      `writeFileAtomic ${path('myapp-web.service')}`,
      `writeFileAtomic ${path('myapp.target')}`,
    ]);
    expect(result).toMatchObject({ completed: true, written: ['myapp-db.service', 'myapp-web.service', 'myapp.target'], deleted: [], record: 'written' });
    expect(host.peek(path('myapp-web.service'))).toBe(marked(v1, 'myapp-web.service'));
    expect(host.peek(RECORD)).toBe(serializeRecord(set.record));
    expect(set.record.files.map((f) => f.name)).toEqual(['myapp-db.service', 'myapp-web.service', 'myapp.target']);
    expect(set.record).toMatchObject({ project: 'myapp', target: 'myapp.target', startOrder: ['myapp-db.service', 'myapp-web.service'] });
    expect(changedUnits(set.changes)).toEqual(['myapp-db.service', 'myapp-web.service', 'myapp.target']);
  });
});

describe('re-runs', () => {
  it('a re-run with nothing changed writes nothing and calls no mutation', async () => {
    const host = new FakeHost();
    await up(host, v1);
    host.clearCalls();
    const { set, result } = await up(host, v1);
    expect(kinds(set.changes)).toEqual(['unchanged myapp-db.service', 'unchanged myapp-web.service', 'unchanged myapp.target']);
    expect(isNoop(set)).toBe(true);
    expect(result).toMatchObject({ completed: true, written: [], deleted: [], record: 'unchanged' });
    expect(mutations(host)).toEqual([]);
    expect(changedUnits(set.changes)).toEqual([]);
  });

  it('a change to one service rewrites that file and the record only', async () => {
    const host = new FakeHost();
    await up(host, v1);
    const edited = project({ ...Object.fromEntries(v1.files.map((f) => [f.path, f.content])), 'myapp-web.service': v1.files[1]!.content.replace('1.25', '1.26') });
    host.clearCalls();
    const { set, result } = await up(host, edited);
    expect(kinds(set.changes)).toEqual(['unchanged myapp-db.service', 'update myapp-web.service', 'unchanged myapp.target']);
    expect(mutations(host)).toEqual([`mkdirp ${UNIT_DIR}/.compose2systemd`, `writeFileAtomic ${path('myapp-web.service')}`, `writeFileAtomic ${RECORD}`]);
    expect(result?.record).toBe('written');
    expect(changedUnits(set.changes)).toEqual(['myapp-web.service']);
    expect(host.peek(path('myapp-web.service'))).toBe(marked(edited, 'myapp-web.service'));
  });

  it('a removed service is deleted, after the writes, and dropped from the record', async () => {
    const host = new FakeHost();
    await up(host, v1);
    host.clearCalls();
    const { set, result } = await up(host, v3);
    expect(kinds(set.changes)).toEqual(['delete myapp-db.service', 'unchanged myapp-web.service', 'update myapp.target']);
    expect(removedUnits(set.changes)).toEqual(['myapp-db.service']);
    expect(mutations(host)).toEqual([
      `mkdirp ${UNIT_DIR}/.compose2systemd`,
      `writeFileAtomic ${path('myapp.target')}`,
      `removeFile ${path('myapp-db.service')}`,
      `writeFileAtomic ${RECORD}`,
    ]);
    expect(result?.deleted).toEqual(['myapp-db.service']);
    expect(host.peek(path('myapp-db.service'))).toBeUndefined();
    expect(host.snapshot()).toEqual(await cleanState(v3));
  });

  it('`down` (no files) deletes every file of ours and the record, and nothing else', async () => {
    const host = new FakeHost().seedFile(path('other.service'), '[Unit]\n');
    await up(host, v1);
    const { set, result } = await up(host, empty);
    expect(kinds(set.changes)).toEqual(['delete myapp-db.service', 'delete myapp-web.service', 'delete myapp.target']);
    expect(result?.record).toBe('removed');
    expect(host.snapshot()).toEqual({ [path('other.service')]: '[Unit]\n' });
  });

  it('a new source path rewrites the markers but marks no unit as changed', async () => {
    const host = new FakeHost();
    await up(host, v1);
    const moved = { ...v1, source: '/srv/elsewhere/compose.yml' };
    const { set } = await up(host, moved);
    expect(kinds(set.changes)).toEqual(['update myapp-db.service', 'update myapp-web.service', 'update myapp.target']);
    expect(set.changes.every((c) => c.kind === 'update' && !c.bodyChanged)).toBe(true);
    expect(changedUnits(set.changes)).toEqual([]);
    expect(host.snapshot()).toEqual(await cleanState(moved));
  });

  it('finds files of ours by their marker when the record is gone, and warns about a corrupt record', async () => {
    const host = new FakeHost();
    await up(host, v1);
    host.seedFile(RECORD, '{ not json');
    const { set, result } = await up(host, v3);
    expect(codes(set)).toEqual(['C804']);
    expect(set.diagnostics[0]?.severity).toBe('warning');
    expect(kinds(set.changes)).toEqual(['delete myapp-db.service', 'unchanged myapp-web.service', 'update myapp.target']);
    expect(result?.completed).toBe(true);
    expect(host.snapshot()).toEqual(await cleanState(v3));
  });
});

describe('refusals', () => {
  it('refuses a foreign file at a name it wants, and writes nothing', async () => {
    const host = new FakeHost().seedFile(path('myapp-web.service'), '[Service]\nExecStart=/bin/mine\n');
    host.clearCalls();
    const { set, result } = await up(host, v1);
    expect(result).toBeUndefined();
    expect(codes(set)).toEqual(['C801']);
    expect(set.diagnostics[0]?.labels[0]?.span.file).toBe(path('myapp-web.service'));
    expect(set.changes.find((c) => c.name === 'myapp-web.service')).toMatchObject({ kind: 'update', conflict: { reason: 'foreign', forced: false } });
    expect(mutations(host)).toEqual([]);
    await expect(applyChanges(host, UNIT_DIR, set)).rejects.toThrow(/conflicts/);
    expect(host.peek(path('myapp-web.service'))).toBe('[Service]\nExecStart=/bin/mine\n');
  });

  it('refuses a symlink (e.g. a masked unit) at a name it wants', async () => {
    const host = new FakeHost().seedSymlink(path('myapp-db.service'), '/dev/null');
    const { set } = await up(host, v1);
    expect(codes(set)).toEqual(['C801']);
  });

  it('refuses to overwrite or delete a hand-edited file of ours', async () => {
    const host = new FakeHost();
    await up(host, v1);
    const web = path('myapp-web.service');
    const db = path('myapp-db.service');
    host.seedFile(web, host.peek(web)!.replace('nginx:1.25', 'nginx:mine'));
    host.seedFile(db, host.peek(db)! + 'Restart=always\n');
    host.clearCalls();
    const { set, result } = await up(host, v3);
    expect(result).toBeUndefined();
    expect(codes(set)).toEqual(['C803', 'C803']);
    expect(set.diagnostics.map((d) => d.labels[0]?.span.file)).toEqual([db, web]);
    expect(set.changes.filter((c) => c.kind !== 'unchanged').map((c) => [c.kind, c.name, c.kind === 'update' || c.kind === 'delete' ? c.conflict?.reason : ''])).toEqual([
      ['delete', 'myapp-db.service', 'edited'],
      ['update', 'myapp-web.service', 'edited'],
      ['update', 'myapp.target', undefined],
    ]);
    expect(mutations(host)).toEqual([]);
  });

  it('treats a recorded file whose marker was removed as hand-edited, not foreign', async () => {
    const host = new FakeHost();
    await up(host, v1);
    host.seedFile(path('myapp-db.service'), '[Service]\nExecStart=/bin/true\n');
    const { set } = await up(host, v1);
    expect(codes(set)).toEqual(['C803']);
  });

  it('accepts an edit that already equals the new content, re-marking it', async () => {
    const host = new FakeHost();
    await up(host, v1);
    const web = path('myapp-web.service');
    host.seedFile(web, host.peek(web)!.replace('nginx:1.25', 'nginx:1.26'));
    const next = project({ ...Object.fromEntries(v1.files.map((f) => [f.path, f.content])), 'myapp-web.service': v1.files[1]!.content.replace('nginx:1.25', 'nginx:1.26') });
    const { set } = await up(host, next);
    expect(codes(set)).toEqual([]);
    expect(set.changes[1]).toMatchObject({ kind: 'update', bodyChanged: false });
    expect(host.snapshot()).toEqual(await cleanState(next));
  });

  it("refuses another project's file, even with --force, and never deletes it", async () => {
    const host = new FakeHost().seedFile(path('myapp-web.service'), markFile('[Unit]\n', { project: 'other', source: 'x.yml' }));
    for (const force of [false, true]) {
      const { set, result } = await up(host, v1, force);
      expect(codes(set)).toEqual(['C802']);
      expect(set.diagnostics[0]?.severity).toBe('error');
      expect(result).toBeUndefined();
    }
    // Once it is listed in our record but marked by the other project, it is left alone and forgotten.
    host.seedFile(RECORD, serializeRecord({ format: 1, project: 'myapp', source: 's', target: 'myapp.target', startOrder: [], files: [{ name: 'myapp-web.service', hash: 'h' }] }));
    const { set } = await up(host, empty);
    expect(set.changes).toEqual([]);
    expect(set.recordAction).toBe('remove');
  });
});

describe('--force', () => {
  it('overwrites a foreign file and a hand-edited one, deletes a hand-edited one, with C805 warnings', async () => {
    const host = new FakeHost();
    await up(host, v1);
    host.seedFile(path('myapp-db.service'), host.peek(path('myapp-db.service'))! + '# mine\n');
    host.seedFile(path('myapp-web.service'), host.peek(path('myapp-web.service'))! + '# mine\n');
    host.seedFile(path('myapp-cache.service'), '[Service]\nExecStart=/bin/foreign\n');
    const { set, result } = await up(host, v2, true);
    expect(codes(set)).toEqual(['C805', 'C805', 'C805']);
    expect(set.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
    expect(set.changes.map((c) => (c.kind === 'update' || c.kind === 'delete' ? `${c.kind} ${c.name} ${c.conflict?.reason ?? '-'}` : `${c.kind} ${c.name}`))).toEqual([
      'update myapp-cache.service foreign',
      'delete myapp-db.service edited',
      'update myapp-web.service edited',
      'update myapp.target -',
    ]);
    expect(result?.completed).toBe(true);
    expect(host.snapshot()).toEqual(await cleanState(v2));
  });
});

describe('failures', () => {
  it('reports a refused write as C806 at the path and stops there', async () => {
    const host = new FakeHost().seedDir(UNIT_DIR);
    host.failMutation(3, 'error');
    const { result } = await up(host, v1);
    expect(result?.completed).toBe(false);
    expect(result?.diagnostics.map((d) => [d.code, d.labels[0]?.span.file])).toEqual([['C806', path('myapp-db.service')]]);
    expect(result?.written).toEqual([]);
    expect(host.mutatingCalls()).toHaveLength(3);
    const again = await up(host, v1);
    expect(again.result?.completed).toBe(true);
    expect(host.snapshot()).toEqual(await cleanState(v1));
  });

  // Transitions to interrupt, and the inputs the user might re-run with afterwards (the same one, the old one,
  // or `down`): the final disk must equal an uninterrupted install of the re-run's input.
  const transitions = [
    { name: 'first install', from: [] as (typeof v1)[], to: v1 },
    { name: 'v1 -> v2 (create, update, delete)', from: [v1], to: v2 },
    { name: 'v1 -> v3 (delete only)', from: [v1], to: v3 },
    { name: 'v1 -> down', from: [v1], to: empty },
  ];
  for (const t of transitions) {
    for (const mode of ['crash', 'crash-partial', 'error'] as const) {
      it(`${t.name}: a ${mode} at each mutation, then a re-run, converges`, async () => {
        const probe = new FakeHost();
        for (const input of t.from) await up(probe, input);
        const before = probe.mutations;
        await up(probe, t.to);
        const total = probe.mutations - before;
        expect(total).toBeGreaterThan(0);
        for (let n = 1; n <= total; n++) {
          for (const rerun of [t.to, ...t.from.slice(-1), empty]) {
            const host = new FakeHost();
            for (const input of t.from) await up(host, input);
            host.failMutation(n, mode);
            const interrupted = await up(host, t.to);
            expect(interrupted.result?.completed, `n=${n}`).toBe(false);
            host.revive();
            const again = await up(host, rerun);
            expect(again.set.diagnostics.filter((d) => d.severity === 'error'), `n=${n}`).toEqual([]);
            expect(again.result?.completed, `n=${n}`).toBe(true);
            expect(host.snapshot(), `n=${n} rerun=${rerun.files.length}`).toEqual(await cleanState(rerun));
            // and a further re-run is a no-op
            host.clearCalls();
            const third = await up(host, rerun);
            expect(isNoop(third.set), `n=${n}`).toBe(true);
          }
        }
      });
    }
  }

  it('cleans up a temp file left by a killed write even when that file no longer needs writing', async () => {
    const host = new FakeHost();
    await up(host, v1);
    host.failMutation(2, 'crash-partial'); // v1 -> v2: mkdirp, intent record, then cache.service
    await up(host, v2);
    host.failMutation(1, 'crash-partial');
    host.revive();
    expect(Object.keys(host.snapshot()).some((p) => p.endsWith('.c2s-tmp'))).toBe(true);
    const { set } = await up(host, v1);
    expect(set.strays).toEqual(['.compose2systemd/.myapp.json.c2s-tmp']);
    expect(host.snapshot()).toEqual(await cleanState(v1));
  });
});
