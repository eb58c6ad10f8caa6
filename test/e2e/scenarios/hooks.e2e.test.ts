// e2e scenario H1, lifecycle hooks on podman 5, as plain units and as Quadlet: a pre_start step writes into a
// named volume before the container starts (the container's command reads it), a post_start hook writes a file
// the running container sees, and a pre_stop hook runs on `down` before the container stops: it writes into the
// named volume, which a later container reads.
import { expect } from 'vitest';
import { BED_IMAGE } from '../bed.js';
import { bedSuites, withProject, type Project } from './scenario-kit.js';

async function hooksRun(p: Project, name: string): Promise<void> {
  await p.write(`name: ${name}
services:
  app:
    image: ${BED_IMAGE}
    init: true
    command: ["sh", "-c", "cp /data/pre /data/seen-at-start; exec sleep infinity"]
    volumes: ["data:/data"]
    pre_start:
      - command: ["sh", "-c", "echo prepared > /data/pre"]
    post_start:
      - command: ["sh", "-c", "echo $$GREETING > /data/started"]
        environment:
          GREETING: "hello from post_start"
    pre_stop:
      - command: ["sh", "-c", "echo stopping while running > /data/stopped"]
volumes:
  data: {}
`);
  await p.up();
  expect(await p.exec('app', ['cat', '/data/seen-at-start'])).toBe('prepared\n');
  expect(await p.exec('app', ['cat', '/data/started'])).toBe('hello from post_start\n');
  const down = await p.cli('down');
  expect(down.code, down.stdout + down.stderr).toBe(0);
  const read = await p.podman(['run', '--rm', '-v', `${name}_data:/data`, BED_IMAGE, 'cat', '/data/stopped']);
  expect(read.stdout).toBe('stopping while running\n');
}

await bedSuites(
  'hooks.e2e.test.ts',
  (s) => {
    s.scenario('H1 pre_start, post_start and pre_stop run around the container (plain units)', () => withProject(s.root(), 'hooks', (p) => hooksRun(p, 'hooks')));
    s.scenario('H2 the same hooks through Quadlet', () =>
      withProject(s.root(), 'hooksq', (p) => hooksRun(p, 'hooksq'), { cliArgs: (verb) => (['up', 'down', 'diff', 'convert'].includes(verb) ? ['--format', 'quadlet'] : []) }),
    );
  },
  { beds: ['podman5'] },
);
