// The Quadlet fates name only keys the Quadlet output really writes: every [Section] Key= that an entry of
// QUADLET_FATES (or a run flag's part) names is found in a golden Quadlet set of a version that has it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUADLET_FATES, QUADLET_SINCE, runFlagPart, type QuadletPart } from '../../src/podman/quadlet-fates.js';
import { CONTAINER_KEYS } from '../../src/podman/quadlet-keys.js';
import { compareVersions, parsePodmanVersion } from '../../src/podman/version.js';
import { cases, readTree, renderingsOf, ROOT } from '../golden/golden-cases.js';
import { parseUnitText } from '../systemd/systemd-syntax.js';

/** `Section.Key` -> the versions of the golden sets that write it. */
const written = new Map<string, string[]>();
for (const name of cases) {
  for (const r of renderingsOf(name).filter((x) => x.format === 'quadlet')) {
    for (const [, text] of readTree(join(ROOT, name, r.dir, 'quadlet'))) {
      for (const section of parseUnitText(text)) {
        for (const { key } of section.entries) {
          const k = `${section.name}.${key}`;
          written.set(k, [...(written.get(k) ?? []), r.podmanVersion!]);
        }
      }
    }
  }
}

const atLeast = (v: string, since: string) => compareVersions(parsePodmanVersion(v)!, parsePodmanVersion(since)!) >= 0;
const keyOf = (p: QuadletPart) => (p.feature?.startsWith('quadlet:') ? p.feature.slice('quadlet:'.length) : undefined);

describe('QUADLET_FATES', () => {
  const named = [...QUADLET_FATES].flatMap(([k, fate]) => ('parts' in fate ? fate.parts.filter((p) => keyOf(p) !== undefined).map((p) => [k, p] as const) : []));

  it.each(named.map(([k, p]) => [k, keyOf(p)!, p] as const))('%s: %s is written by a golden set of a version that has it', (_k, key, part) => {
    expect(written.get(key) ?? [], key).toSatisfy((versions: string[]) => versions.some((v) => atLeast(v, part.since)));
  });

  it('gives each run flag with a [Container] key that key, and every other flag PodmanArgs=', () => {
    expect(runFlagPart('--health-cmd')).toMatchObject({ carrier: '`HealthCmd=`', since: '4.5', before: '`PodmanArgs=`' });
    expect(runFlagPart('--cpus')).toMatchObject({ carrier: '`PodmanArgs=`', since: QUADLET_SINCE });
    for (const flag of CONTAINER_KEYS.keys()) expect(runFlagPart(flag).carrier, flag).not.toBe('`PodmanArgs=`');
  });
});
