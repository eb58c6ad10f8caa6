// e2e scenarios C1-C3, unit customisation on podman 5: an admin's drop-in still takes effect after an `up` that
// rewrote and restarted its unit, is listed by `status` and survives `down`; a service's `x-systemd` directives
// reach the running unit, as plain units and as Quadlet (whose generator copies them into the service).
import { expect } from 'vitest';
import { BED_IMAGE } from '../bed.js';
import { bedSuites, withProject, type Project } from './scenario-kit.js';

const sleeper = (name: string, env: string, extra = '') => `name: ${name}
services:
  web:
    image: ${BED_IMAGE}
    init: true
    command: ["sleep", "infinity"]
    environment:
      VERSION: "${env}"
${extra}`;

/** Lines of a file in the bed; empty when it does not exist. */
async function lines(p: Project, path: string): Promise<string[]> {
  const r = await p.run(['cat', path]);
  return r.code === 0 ? r.stdout.split('\n').filter((l) => l !== '') : [];
}

async function xSystemdApplies(p: Project, name: string, marker: string): Promise<void> {
  await p.write(
    sleeper(
      name,
      '1',
      `    x-systemd:
      Unit:
        Documentation: https://example.org/${name}
      Service:
        TimeoutStopSec: 77s
        Nice: 5
        Environment: ["GREETING=hello world"]
        ExecStartPost: ["/bin/sh", "-c", "echo \\"$$GREETING\\" >> ${marker}"]
`,
    ),
  );
  await p.run(['rm', '-f', marker]);
  await p.up();
  const props = await p.show('web', ['ActiveState', 'TimeoutStopUSec', 'Nice', 'Documentation', 'Environment']);
  expect(props['ActiveState']).toBe('active');
  // x-systemd's TimeoutStopSec= comes after the generated one, so it wins
  expect(props['TimeoutStopUSec']).toBe('1min 17s');
  expect(props['Nice']).toBe('5');
  expect(props['Documentation']).toBe(`https://example.org/${name}`);
  expect(props['Environment']).toContain('"GREETING=hello world"');
  // the ExecStartPost= ran with the quoted environment value
  expect(await lines(p, marker)).toEqual(['hello world']);
}

await bedSuites(
  'customise.e2e.test.ts',
  (s) => {
    s.scenario('C1 a drop-in takes effect after a second up rewrote and restarted its unit; status lists it; down keeps it', async () => {
      await withProject(s.root(), 'dropin', async (p) => {
        const dir = `/etc/systemd/system/${p.unit('web')}.d`;
        const marker = '/root/dropin-starts';
        try {
          await p.write(sleeper('dropin', '1'));
          await p.up();
          await p.run(['mkdir', '-p', dir], { check: true });
          await p.bed.writeFile(`${dir}/50-admin.conf`, `[Unit]\nDescription=web, with the admin's drop-in\n\n[Service]\nExecStartPost=/bin/sh -c 'echo started >> ${marker}'\n`);
          await p.systemctl(['daemon-reload'], true);
          await p.systemctl(['restart', p.unit('web')], true);
          expect(await lines(p, marker)).toEqual(['started']);
          const before = await p.inspect(p.container('web'), '{{.Id}}');

          // a compose change: up rewrites web's unit, reloads systemd and restarts web
          await p.write(sleeper('dropin', '2'));
          await p.up();
          expect(await p.inspect(p.container('web'), '{{.Config.Env}}')).toContain('VERSION=2');
          expect(await p.inspect(p.container('web'), '{{.Id}}')).not.toBe(before);
          const props = await p.show('web', ['ActiveState', 'Description', 'DropInPaths']);
          expect(props).toMatchObject({ ActiveState: 'active', Description: "web, with the admin's drop-in", DropInPaths: `${dir}/50-admin.conf` });
          // the drop-in's ExecStartPost= ran again at the restart up made
          expect(await lines(p, marker)).toEqual(['started', 'started']);

          const status = await p.cli('status');
          expect(status.code).toBe(0);
          expect(status.stderr).toContain(`${p.unit('web')}: ${dir}/50-admin.conf`);

          const down = await p.cli('down');
          expect(down.code, down.stderr).toBe(0);
          expect((await p.run(['test', '-f', `${dir}/50-admin.conf`])).code).toBe(0);
          expect((await p.run(['test', '-f', `/etc/systemd/system/${p.unit('web')}`])).code).not.toBe(0);
        } finally {
          await p.run(['rm', '-rf', dir, marker]);
          await p.systemctl(['daemon-reload']);
        }
      });
    });

    s.scenario('C2 x-systemd directives reach the running plain unit', () => withProject(s.root(), 'xsunits', (p) => xSystemdApplies(p, 'xsunits', '/root/xs-units')));

    s.scenario('C3 x-systemd directives reach the service Quadlet generates', () =>
      withProject(s.root(), 'xsquad', (p) => xSystemdApplies(p, 'xsquad', '/root/xs-quadlet'), { cliArgs: (verb) => (['up', 'down', 'diff', 'convert'].includes(verb) ? ['--format', 'quadlet'] : []) }),
    );
  },
  { beds: ['podman5'] },
);
