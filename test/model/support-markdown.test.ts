import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quadletCell, quadletFateOf, renderSupportMarkdown } from '../../src/model/support-markdown.js';
import { SUPPORT_TABLE, supportRow } from '../../src/model/support-table.js';
import { QUADLET_FATES } from '../../src/podman/quadlet-fates.js';

const docPath = join(import.meta.dirname, '..', '..', 'docs', 'compose-support.md');

describe('docs/compose-support.md', () => {
  it('equals the rendering of the support table', () => {
    const expected = renderSupportMarkdown();
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(docPath, expected);
    let actual = '';
    try {
      actual = readFileSync(docPath, 'utf8');
    } catch {
      // reported by the comparison below
    }
    expect(actual === expected, 'docs/compose-support.md is out of date: run `UPDATE_GOLDEN=1 npx vitest run test/model/support-markdown.test.ts`').toBe(true);
  });

  it('has one table line per row, with escaped pipes', () => {
    const text = renderSupportMarkdown();
    const lines = text.split('\n').filter((l) => l.startsWith('| `'));
    expect(lines).toHaveLength(SUPPORT_TABLE.length);
    expect(text).toContain('| `networks.<name>.aliases` | `alias=` option of `--network` |');
    expect(text).toContain('`--network host\\|none\\|bridge\\|container:<name>`');
    expect(text).toContain('| `healthcheck.start_interval` |');
    expect(text).toMatch(/\| `volumes\.volume\.subpath` \| [^|]+ \| 5\.4 \| `Mount=` \(4\.5; before: `PodmanArgs=`\) \| mapped \| before podman 5\.4: refused \|/);
  });
});

describe('the Quadlet column', () => {
  const honoured = SUPPORT_TABLE.filter((r) => r.status === 'mapped' || r.status === 'partial');

  it('says for every mapped or partial row where the Quadlet output puts it', () => {
    expect(honoured.filter((r) => quadletCell(quadletFateOf(r.key)) === '').map((r) => r.key)).toEqual([]);
  });

  it('is empty for ignored and unsupported rows', () => {
    const text = renderSupportMarkdown();
    expect(text).toContain('| `version` |  |  |  | ignored |');
  });

  it('names only rows of the support table in its own entries', () => {
    expect([...QUADLET_FATES.keys()].filter((k) => supportRow(k) === undefined)).toEqual([]);
  });

  it.each([
    // a run flag: the [Container] key from the first version that has it, PodmanArgs= before
    ['services.*.healthcheck.test', '`HealthCmd=` (4.5; before: `PodmanArgs=`)'],
    // a key that exists earlier but only holds one value until a later version
    ['services.*.ulimits', '`Ulimit=` (5.0; before: `PodmanArgs=`)'],
    // a flag without a key
    ['services.*.cpus', '`PodmanArgs=` (4.4)'],
    // inherited from the row above
    ['services.*.volumes.read_only', '`Volume=` (4.4), `Mount=` (4.5; before: `PodmanArgs=`)'],
    // a key of a file the output writes from a later version than the key
    ['networks.*.driver', '`[Network] Driver=` (4.7; before: a plain unit)'],
    ['services.*.scale', 'a template `<project>-<service>@.container` (5.0; refused before)'],
    ['services.*.restart', '`Restart=` (4.4)'],
    ['secrets.*.file', 'not in Quadlet: a plain unit creates the podman secret'],
  ])('%s: %s', (key, cell) => {
    expect(quadletCell(quadletFateOf(key))).toBe(cell);
  });
});
