// A reference to something the project does not declare is an error of the project: the loader reports it
// (C561), so config, validate and convert refuse the same file with the same, located diagnostics.
import { describe, expect, test } from 'vitest';
import { memoryFs } from '../../src/load/loader-fs.js';
import { runCliCaptured } from '../support/cli.js';

interface JsonDiag {
  code: string;
  severity: string;
  message: string;
  help?: string;
  line?: number;
  column?: number;
}

async function run(command: string, compose: string, args: string[] = []) {
  const r = await runCliCaptured([command, '--format', 'json', '-f', '/p/compose.yaml', ...args], { fs: memoryFs({ '/p/compose.yaml': compose }), cwd: '/p' });
  const diagnostics = (JSON.parse(r.stdout) as { diagnostics: JsonDiag[] }).diagnostics;
  return { code: r.code, diagnostics, errors: diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}@${d.line}:${d.column}`) };
}

const COMMANDS = ['config', 'validate', 'convert'] as const;

describe('undeclared references are refused by every command', () => {
  test('the issue example: one C561 per reference from config, validate and convert alike', async () => {
    const compose = 'services:\n  web:\n    image: alpine\n    networks: [front]\n    volumes: ["data:/data"]\n';
    for (const command of COMMANDS) {
      const r = await run(command, compose);
      expect(r.code, command).toBe(1);
      // exactly once each: convert stops after the loader, the podman mapping never reports them again
      expect(r.errors, command).toEqual(['C561@4:16', 'C561@5:15']);
    }
    const r = await run('validate', compose);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      'service `web` joins network `front`, which the top-level `networks:` does not declare',
      'service `web` mounts volume `data`, which the top-level `volumes:` does not declare',
    ]);
  });

  const svc = (body: string, rest = '') => `services:\n  web:\n    image: alpine\n${body}  db:\n    image: postgres\n${rest}`;
  test.each([
    ['a network in map form (at its key)', svc('    networks:\n      back: {aliases: [w]}\n'), 'C561@5:7', 'network `back`'],
    ['a long-form named volume', svc('    volumes:\n      - {type: volume, source: pg, target: /d}\n'), 'C561@5:9', 'volume `pg`'],
    ['a secret', svc('    secrets: [token]\n'), 'C561@4:15', 'secret `token`'],
    ['a long-form config', svc('    configs:\n      - source: motd\n        target: /etc/motd\n'), 'C561@5:9', 'config `motd`'],
    ['a build secret', 'services:\n  web:\n    build:\n      context: .\n      secrets: [npmrc]\n', 'C561@5:17', 'build secret `npmrc`'],
    ['volumes_from a service', svc('    volumes_from: ["dbb:ro"]\n'), 'C561@4:20', 'takes volumes from service `dbb`'],
    ['links to a service', svc('    links: ["cache:redis"]\n'), 'C561@4:13', 'links to service `cache`'],
    ['network_mode: service:', svc('    network_mode: "service:vpn"\n'), 'C561@4:19', 'network namespace of service `vpn`'],
    ['ipc: service:', svc('    ipc: service:x\n'), 'C561@4:10', 'IPC namespace of service `x`'],
    ['pid: service:', svc('    pid: service:x\n'), 'C561@4:10', 'PID namespace of service `x`'],
  ])('%s', async (_name, compose, at, what) => {
    for (const command of COMMANDS) {
      const r = await run(command, compose);
      expect(r.code, command).toBe(1);
      expect(r.errors, command).toEqual([at]);
      expect(r.diagnostics.find((d) => d.code === 'C561')?.message, command).toContain(what);
    }
  });

  test('the help line suggests a declared name that is close', async () => {
    const r = await run('validate', svc('    volumes_from: [dbb]\n    networks: [frnt]\n', 'networks:\n  front: {}\n'));
    expect(r.diagnostics.map((d) => d.help)).toEqual(['did you mean `db`?', 'did you mean `front`? Otherwise declare `frnt` under `networks:`']);
  });

  test('a service left out by its profile is named as such, and enabling the profile resolves it', async () => {
    const compose = 'services:\n  web:\n    image: alpine\n    volumes_from: [debug]\n  debug:\n    image: busybox\n    profiles: [dev]\n';
    const off = await run('validate', compose);
    expect(off.errors).toEqual(['C561@4:20']);
    expect(off.diagnostics[0]!.message).toBe('service `web` takes volumes from service `debug`, whose profiles are not enabled');
    const on = await run('validate', compose, ['--profile', 'dev']);
    expect(on.code).toBe(0);
  });

  test('what is declared, implicit or outside the project is not a reference error', async () => {
    const compose = [
      'services:',
      '  web:',
      '    image: alpine',
      '    networks: [default, ext]',
      '    volumes: ["data:/data", "./here:/here", "/anon", {type: tmpfs, target: /t}]',
      '    volumes_from: ["container:other", "db:ro"]',
      '    links: [db]',
      '    secrets: [token]',
      '    configs: [motd]',
      '    build: {context: ., secrets: [token]}',
      '  db:',
      '    image: postgres',
      '    network_mode: host',
      '    ipc: shareable',
      '  side:',
      '    image: alpine',
      '    network_mode: service:db',
      'networks:',
      '  ext: {external: true}',
      'volumes:',
      '  data: {}',
      'secrets:',
      '  token: {file: ./token}',
      'configs:',
      '  motd: {content: hi}',
      '',
    ].join('\n');
    const r = await run('validate', compose);
    expect(r.diagnostics.filter((d) => d.code === 'C561')).toEqual([]);
    expect(r.code).toBe(0);
  });
});
