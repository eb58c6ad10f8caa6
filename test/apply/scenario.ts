// Shared fixtures for the apply tests: a small project in three versions and a one-call `up` over the fake host.
import { applyChanges, type ApplyResult } from '../../src/apply/apply-changes.js';
import { isApplicable, type ChangeSet } from '../../src/apply/changes.js';
import type { ApplyInput } from '../../src/apply/plan-files.js';
import { planChanges } from '../../src/apply/plan-changes.js';
import type { FakeHost } from './fake-host.js';

export const UNIT_DIR = '/home/user/.config/systemd/user';
export const RECORD = `${UNIT_DIR}/.compose2systemd/myapp.json`;

const service = (name: string, image: string, after = '') =>
  `[Unit]\nDescription=${name}\n${after ? `After=${after}\nRequires=${after}\n` : ''}PartOf=myapp.target\n\n[Service]\nExecStart=/usr/bin/podman run --name myapp-${name} ${image}\n`;
const target = (names: string[]) => `[Unit]\nDescription=myapp\n${names.map((n) => `Wants=myapp-${n}.service\n`).join('')}`;

export function project(files: Record<string, string>, source = '/srv/myapp/compose.yml'): ApplyInput {
  const names = Object.keys(files);
  return {
    project: 'myapp',
    source,
    files: names.map((path) => ({ path, content: files[path]! })),
    startOrder: names.filter((n) => n.endsWith('.service')),
    target: 'myapp.target',
  };
}

/** db + web. */
export const v1 = project({
  'myapp-db.service': service('db', 'postgres:16'),
  'myapp-web.service': service('web', 'nginx:1.25'),
  'myapp.target': target(['db', 'web']),
});

/** web's image changes and it now needs cache; db leaves, cache arrives. */
export const v2 = project({
  'myapp-cache.service': service('cache', 'redis:7'),
  'myapp-web.service': service('web', 'nginx:1.27', 'myapp-cache.service'),
  'myapp.target': target(['cache', 'web']),
});

/** Only web, unchanged from v1. */
export const v3 = project({
  'myapp-web.service': service('web', 'nginx:1.25'),
  'myapp.target': target(['web']),
});

/** Nothing: what `down` applies. */
export const empty = project({});

export interface UpOutcome {
  readonly set: ChangeSet;
  readonly result?: ApplyResult;
}

/** Plans and, when nothing refuses, applies. */
export async function up(host: FakeHost, input: ApplyInput, force = false): Promise<UpOutcome> {
  const set = await planChanges(host, UNIT_DIR, input, { force });
  if (!isApplicable(set)) return { set };
  return { set, result: await applyChanges(host, UNIT_DIR, set) };
}
