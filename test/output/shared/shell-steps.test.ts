// The unit scripts run for real under /bin/sh against a fake podman that logs its arguments and stdin.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { RECREATE_SECRET_FROM_FILE, RECREATE_SECRET_FROM_VALUE, unlessExists, WRITE_FILE } from '../../../src/output/shared/shell-steps.js';

const dir = mkdtempSync(join(tmpdir(), 'c2s-steps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = join(dir, 'log');
const podman = join(dir, 'podman');
// `exists` succeeds only for names listed in $dir/present; every call is logged, with stdin for `-`.
writeFileSync(
  podman,
  `#!/bin/sh\nprintf '%s\\n' "$*" >> ${log}\n` +
    `case "$2" in exists) grep -qxF "$3" ${dir}/present; exit $?;; esac\n` +
    `for a; do [ "$a" = - ] && { printf 'stdin:'; cat; printf '\\n'; } >> ${log}; done\nexit 0\n`,
);
chmodSync(podman, 0o755);

const sh = (script: string, ...args: string[]) => spawnSync('/bin/sh', ['-c', script, ...args], { encoding: 'utf8' });
const calls = () => (existsSync(log) ? readFileSync(log, 'utf8') : '');

beforeEach(() => {
  rmSync(log, { force: true });
  writeFileSync(join(dir, 'present'), 'there\n');
});

describe('unlessExists', () => {
  it('runs the command when the resource is missing, with every argument intact', () => {
    const r = sh(unlessExists('network'), 'new net', podman, 'network', 'create', '--label', 'a=$HOME "x"', 'new net');
    expect(r.status).toBe(0);
    expect(calls()).toBe('network exists new net\nnetwork create --label a=$HOME "x" new net\n');
  });

  it('does nothing when it exists', () => {
    expect(sh(unlessExists('image'), 'there', podman, 'pull', 'there').status).toBe(0);
    expect(calls()).toBe('image exists there\n');
  });
});

describe('secrets', () => {
  it('recreates a secret from a file', () => {
    expect(sh(RECREATE_SECRET_FROM_FILE, 'app_tok', podman, 'secret', 'create', 'app_tok', '/srv/tok').status).toBe(0);
    expect(calls()).toBe('secret rm app_tok\nsecret create app_tok /srv/tok\n');
  });

  it('recreates a secret from a value given on standard input, byte for byte', () => {
    expect(sh(RECREATE_SECRET_FROM_VALUE, 'app_tok', podman, 'p@ss %s $X\nline2').status).toBe(0);
    expect(calls()).toBe('secret rm app_tok\nsecret create app_tok -\nstdin:p@ss %s $X\nline2\n');
  });
});

describe('WRITE_FILE', () => {
  it('writes the content exactly, with the mode, creating the directory', () => {
    const path = join(dir, 'data', 'configs', 'app_site');
    const content = 'server {}\n%s $HOME \\n "q"';
    expect(sh(WRITE_FILE, path, content, '0444').status).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(content);
    expect(statSync(path).mode & 0o777).toBe(0o444);
    expect(statSync(join(dir, 'data', 'configs')).mode & 0o777).toBe(0o700);
    // a second start replaces the read-only file
    expect(sh(WRITE_FILE, path, 'new', '0444').status).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe('new');
  });
});
