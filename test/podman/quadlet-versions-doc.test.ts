// docs/quadlet-versions.md says what each Quadlet version gate rests on; it must list every Quadlet feature of
// the capability table with the version the emitter uses, so a changed gate cannot leave the page behind.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { CAPABILITIES } from '../../src/podman/capabilities.js';

const page = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'quadlet-versions.md'), 'utf8');

/** `| `KEY=` | 4.4 | ...` rows under `## [Section]`, and `| `feature` | 5.0 | ...` rows: name -> version. */
function documented(): Map<string, string> {
  const found = new Map<string, string>();
  let section: string | undefined;
  for (const line of page.split('\n')) {
    const heading = /^## \[(\w+)\]/.exec(line);
    if (heading) section = heading[1];
    else if (line.startsWith('## ')) section = undefined;
    const row = /^\| `([\w-]+)(=?)` \| ([\d.]+) \|/.exec(line);
    if (!row) continue;
    found.set(row[2] === '=' && section !== undefined ? `quadlet:${section}.${row[1]}` : row[1]!, row[3]!);
  }
  return found;
}

test('every Quadlet gate of src/podman/capabilities.ts is on the page with its version', () => {
  const gates = Object.entries(CAPABILITIES)
    .filter(([name]) => name === 'quadlet' || name.startsWith('quadlet-') || name.startsWith('quadlet:'))
    .map(([name, c]) => [name, c.since] as const);
  expect(gates.length).toBeGreaterThan(100);
  const page = documented();
  expect(gates.filter(([name, since]) => page.get(name) !== since)).toEqual([]);
  expect([...page.keys()].filter((name) => !(name in CAPABILITIES))).toEqual([]);
});
