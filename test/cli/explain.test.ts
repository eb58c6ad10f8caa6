// explain: every line of a generated unit with the compose file:line:col and key it came from, "default for"
// keys left out, "compose2systemd" for plumbing; one directive; both formats; JSON; unknown names.
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/cli.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'c2s-explain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  join(dir, 'compose.yaml'),
  `name: ex
services:
  web:
    image: nginx:1.27
    ports:
      - "8080:80"
    restart: always
    depends_on: [db]
    x-systemd:
      Service:
        MemoryMax: 512M
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: example
`,
);

const explain = (...args: string[]) => runCliCaptured(['explain', ...args], { cwd: dir, homeDir: '/home/u', env: {} });
const lineOf = (out: string, start: string) => out.split('\n').find((l) => l.trimStart().startsWith(start)) ?? '';

describe('explain', () => {
  it('names the file, line, column and key of each compose-made line', async () => {
    const r = await explain('web');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('# ex-web.service');
    expect(lineOf(r.stdout, '--publish 8080:80')).toMatch(/<- compose\.yaml:6:9 services\.web\.ports\[0\]$/);
    expect(lineOf(r.stdout, 'nginx:1.27')).toMatch(/<- compose\.yaml:4:5 services\.web\.image$/);
    expect(lineOf(r.stdout, 'Restart=always')).toMatch(/<- compose\.yaml:7:5 services\.web\.restart$/);
    expect(lineOf(r.stdout, 'After=ex-db.service')).toMatch(/<- compose\.yaml:8:18 services\.web\.depends_on\[0\]$/);
    // the start check of the required dependency names it with the same origin
    expect(lineOf(r.stdout, 'ex-db.service')).toMatch(/<- compose\.yaml:8:18 services\.web\.depends_on\[0\]$/);
    expect(lineOf(r.stdout, 'MemoryMax=512M')).toMatch(/<- compose\.yaml:11:9 services\.web\.x-systemd\.Service\.MemoryMax$/);
    expect(lineOf(r.stdout, 'Type=notify')).toMatch(/<- compose2systemd$/);
  });

  it('says which defaults were applied', async () => {
    const r = await explain('ex-db.service');
    expect(lineOf(r.stdout, 'Restart=no')).toMatch(/<- default for services\.db\.restart \(not in the file; services\.db at compose\.yaml:12:3\)$/);
    expect(lineOf(r.stdout, 'TimeoutStopSec=70s')).toMatch(/<- default for services\.db\.stop_grace_period /);
  });

  it('one directive: only its lines, each argument group of a command with its own origin', async () => {
    const r = await explain('db', 'ExecStart');
    const lines = r.stdout.trim().split('\n');
    expect(lines[1]).toBe('[Service]');
    expect(lines[2]).toMatch(/^ExecStart=\/usr\/bin\/podman run +<- compose2systemd$/);
    expect(lines.slice(2).every((l) => l.startsWith('ExecStart=') || l.startsWith('    '))).toBe(true);
    expect(lineOf(r.stdout, '--env POSTGRES_PASSWORD=example')).toMatch(/<- compose\.yaml:15:7 services\.db\.environment\.POSTGRES_PASSWORD$/);
  });

  it('the Quadlet file, as JSON', async () => {
    const r = await explain('--format', 'quadlet,json', '--podman-version', '5.4', 'web', 'PublishPort');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { file: string; unit: string; lines: { section: string; text: string; origin: { kind: string; line: number; key: string } }[] };
    expect(doc.file).toBe('ex-web.container');
    expect(doc.unit).toBe('ex-web.service');
    expect(doc.lines).toEqual([{ section: 'Container', key: 'PublishPort', text: 'PublishPort=8080:80', origin: { kind: 'compose', file: 'compose.yaml', line: 6, column: 9, key: 'services.web.ports[0]' } }]);
  });

  it('an unknown unit or directive is a usage error naming what there is', async () => {
    const r = await explain('nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no generated unit is called `nope`; the units are: ');
    expect(r.stderr).toContain('ex-web.service');
    const d = await explain('web', 'Nope');
    expect(d.code).toBe(2);
    expect(d.stderr).toBe('error: ex-web.service has no Nope= line\n');
  });
});
