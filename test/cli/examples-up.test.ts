// Each example project goes up and down on the fake machine and converges.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Machine, UNIT_DIR } from './harness.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
const names = existsSync(EXAMPLES) ? readdirSync(EXAMPLES).filter((n) => existsSync(join(EXAMPLES, n, 'compose.yaml'))).sort() : [];
const ARGS: Record<string, string[]> = { pod: ['--pod'] };

describe.runIf(names.length > 0).each(names)('example %s', (name) => {
  it('up converges, a re-run changes nothing, down removes everything', async () => {
    const m = new Machine(readFileSync(join(EXAMPLES, name, 'compose.yaml'), 'utf8'));
    try {
      const up = await m.run(['up', ...(ARGS[name] ?? [])]);
      expect(up.code, up.stderr).toBe(0);
      const record = Object.entries(m.host.snapshot(UNIT_DIR)).find(([p]) => p.includes('/.compose2systemd/') && !p.endsWith('.pending.json'));
      const { project, startOrder } = JSON.parse(record![1]) as { project: string; startOrder: string[] };
      expect(m.systemd.convergenceProblems(startOrder, `${project}-`)).toEqual([]);
      m.host.clearCalls();
      expect((await m.run(['up', ...(ARGS[name] ?? [])])).code).toBe(0);
      expect(m.host.mutatingCalls().map((c) => (c.op === 'run' ? c.argv.join(' ') : c.op)).filter((c) => !c.startsWith('podman version') && !c.startsWith('systemctl --user show') && !c.startsWith('podman ps '))).toEqual([
        `systemctl --user start --no-block ${project}.target`,
      ]);
      const down = await m.run(['down', '--volumes']);
      expect(down.code, down.stderr).toBe(0);
      expect(m.host.snapshot(UNIT_DIR)).toEqual({});
      expect([...m.systemd.running.keys()]).toEqual([]);
    } finally {
      m.cleanup();
    }
  });
});
