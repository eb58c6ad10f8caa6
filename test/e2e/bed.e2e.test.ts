// Smoke test of the e2e beds: each bed boots, runs the offline image with podman, starts a unit written into
// /etc/systemd/system, survives a reboot on the same rootfs, lets the rootless user run podman (podman5, podman58),
// runs a hand-written Quadlet file (podman5, podman58), and the scenario kit's pieces work on it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BED_IMAGE, BED_KINDS, bootBed, hasRootlessUser, probeBedSupport, shutdownAllBeds, type Bed, type BedKind } from './bed.js';
import { bedQuadletDryRun, readQuadletFiles, rootActor, userActor, withProject, type Actor } from './scenarios/scenario-kit.js';

const support = await probeBedSupport();
if (!support.ok) console.warn(`[e2e] SKIPPING the e2e beds: ${support.reason}`);

const EXPECTED: Readonly<Record<BedKind, { readonly systemd: string; readonly podman: RegExp; readonly quadlet: boolean }>> = {
  podman4: { systemd: '252', podman: /^podman version 4\.3\./, quadlet: false },
  podman5: { systemd: '257', podman: /^podman version 5\.4\./, quadlet: true },
  podman58: { systemd: '262', podman: /^podman version 5\.8\./, quadlet: true },
};

const report: string[] = [];

afterAll(async () => {
  // a bed whose bootBed() never returned (hook timeout) is still registered; never leave nspawn running
  await shutdownAllBeds();
  if (report.length > 0) console.log(`[e2e] timings\n${report.join('\n')}`);
});

for (const kind of BED_KINDS) {
  const suite = support.ok ? describe : describe.skip;
  suite(support.ok ? `bed ${kind}` : `bed ${kind} (skipped: ${support.reason})`, () => {
    let booted: Bed | undefined;
    let testsStarted = 0;
    const bed = (): Bed => {
      if (booted === undefined) throw new Error(`bed ${kind} did not boot`);
      return booted;
    };

    beforeAll(async () => {
      booted = await bootBed(kind);
      testsStarted = Date.now();
    });

    afterAll(async () => {
      if (booted === undefined) return;
      const smokeMs = Date.now() - testsStarted;
      const stopStarted = Date.now();
      await booted.shutdown();
      const t = booted.timings;
      report.push(
        `  ${kind}: rootfs ${t.rootfsBuildMs === null ? 'cached' : `built in ${s(t.rootfsBuildMs)}`}, unpack ${s(t.unpackMs)}, ` +
          `boot ${s(t.bootMs)}, image ${s(t.imageMs)}, ready ${s(t.totalMs)}; smoke tests ${s(smokeMs)}; shutdown ${s(Date.now() - stopStarted)}`,
      );
    });

    test('is the advertised systemd and podman', async () => {
      const systemd = await bed().run(['systemctl', '--version'], { check: true });
      expect(systemd.stdout.split('\n')[0]).toMatch(new RegExp(`^systemd ${EXPECTED[kind].systemd}\\b`));
      const podman = await bed().run(['podman', '--version'], { check: true });
      expect(podman.stdout.trim()).toMatch(EXPECTED[kind].podman);
      const node = await bed().run(['node', '--version'], { check: true });
      expect(node.stdout.trim()).toBe(process.version);
      const repo = await bed().run(['test', '-f', '/src/package.json']);
      expect(repo.code).toBe(0);
      expect((await bed().run(['hostname'], { check: true })).stdout.trim()).toBe(bed().name);
    });

    test(`podman runs ${BED_IMAGE} offline`, async () => {
      const r = await bed().run(['podman', 'run', '--rm', BED_IMAGE, 'echo', 'hi'], { check: true });
      expect(r.stdout).toBe('hi\n');
    });

    test('a unit written into /etc/systemd/system starts with systemctl', async () => {
      await bed().writeFile(
        '/etc/systemd/system/c2s-smoke.service',
        '[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/sh -c "echo started > /var/lib/c2s-smoke"\n',
      );
      await bed().run(['systemctl', 'daemon-reload'], { check: true });
      await bed().run(['systemctl', 'start', 'c2s-smoke.service'], { check: true });
      expect(await bed().systemctlShow('c2s-smoke.service', 'ActiveState')).toBe('active');
      expect(await bed().readFile('/var/lib/c2s-smoke')).toBe('started\n');
    });

    test('a podman container runs as a systemd service and stops without failing', async () => {
      await bed().writeFile(
        '/etc/systemd/system/c2s-smoke-ctr.service',
        [
          '[Service]',
          'Type=exec',
          'TimeoutStopSec=30',
          // podman stop ends the container with SIGTERM: 143, or 137 after the timeout
          'SuccessExitStatus=143 137',
          `ExecStart=/usr/bin/podman run --rm --init --name c2s-smoke ${BED_IMAGE} sleep 600`,
          'ExecStop=/usr/bin/podman stop --ignore -t 5 c2s-smoke',
          // when systemd's SIGTERM reaches `podman run --rm` before it has removed the container, the container
          // stays and its name is taken at the next start (seen on podman 4.3 and 5.4)
          'ExecStopPost=/usr/bin/podman rm -f --ignore c2s-smoke',
          '[Install]',
          'WantedBy=multi-user.target',
          '',
        ].join('\n'),
      );
      await bed().run(['systemctl', 'daemon-reload'], { check: true });
      await bed().run(['systemctl', 'enable', '--now', 'c2s-smoke-ctr.service'], { check: true });
      await waitFor(async () => (await bed().run(['podman', 'container', 'exists', 'c2s-smoke'])).code === 0, 'container c2s-smoke');
      expect(await bed().systemctlShow('c2s-smoke-ctr.service', 'ActiveState')).toBe('active');
      await bed().run(['systemctl', 'stop', 'c2s-smoke-ctr.service'], { check: true });
      expect(await bed().systemctlShow('c2s-smoke-ctr.service', 'ActiveState')).toBe('inactive');
      expect(await bed().systemctlShow('c2s-smoke-ctr.service', 'Result')).toBe('success');
    });

    test('reboot keeps the rootfs and brings enabled units back', async () => {
      await bed().writeFile('/var/lib/c2s-before-reboot', 'kept\n');
      await bed().run(['systemctl', 'start', 'c2s-smoke.service'], { check: true });
      await bed().reboot();
      expect(await bed().readFile('/var/lib/c2s-before-reboot')).toBe('kept\n');
      // a fresh systemd: the oneshot started by hand is gone, the enabled container unit is back
      expect(await bed().systemctlShow('c2s-smoke.service', 'ActiveState')).toBe('inactive');
      expect(await bed().systemctlShow('c2s-smoke-ctr.service', 'ActiveState')).toBe('active');
      await waitFor(async () => (await bed().run(['podman', 'container', 'exists', 'c2s-smoke'])).code === 0, 'container c2s-smoke after reboot');
    });

    test('the scenario kit passes extra CLI arguments to every command of a project', async () => {
      // --unit-dir stands in for flags still to come (--format quadlet): up and the clean-up's down both get it
      const unitDir = '/run/systemd/system';
      const unit = 'c2s-kit-web.service';
      await withProject(
        rootActor(bed()),
        'c2s-kit',
        async (p) => {
          await p.write(`name: c2s-kit\nservices:\n  web:\n    image: ${BED_IMAGE}\n    init: true\n    command: ["sleep", "600"]\n`);
          await p.up();
          expect((await bed().run(['test', '-f', `${unitDir}/${unit}`])).code).toBe(0);
          expect((await bed().run(['test', '-e', `/etc/systemd/system/${unit}`])).code).not.toBe(0);
          expect(await bed().systemctlShow(unit, 'ActiveState')).toBe('active');
        },
        { cliArgs: ['--unit-dir', unitDir] },
      );
      expect((await bed().run(['test', '-e', `${unitDir}/${unit}`])).code).not.toBe(0);
      expect(await bed().systemctlShow(unit, 'LoadState')).toBe('not-found');
    });

    if (EXPECTED[kind].quadlet) {
      test('a hand-written Quadlet .container runs under systemd (root)', async () => {
        await quadletContainerRuns(rootActor(bed()), 'c2s-q');
      });
    }

    if (hasRootlessUser(kind)) {
      test('a hand-written Quadlet .container runs under systemd --user (u)', async () => {
        await quadletContainerRuns(userActor(bed()), 'c2s-uq');
      });

      test('rootless user u has a running systemd --user and can run containers', async () => {
        const state = await bed().run(['systemctl', '--user', 'is-system-running'], { user: 'u' });
        expect(['running', 'degraded']).toContain(state.stdout.trim());
        const r = await bed().run(['podman', 'run', '--rm', BED_IMAGE, 'id', '-u'], { user: 'u', check: true });
        expect(r.stdout).toBe('0\n');
        const who = await bed().run(['id', '-un'], { user: 'u', check: true });
        expect(who.stdout).toBe('u\n');
        await bed().writeFile(
          '/home/u/.config/systemd/user/c2s-user-smoke.service',
          [
            '[Service]',
            'Type=exec',
            'TimeoutStopSec=30',
            'SuccessExitStatus=143 137',
            `ExecStart=/usr/bin/podman run --rm --init --name c2s-user ${BED_IMAGE} sleep 600`,
            'ExecStop=/usr/bin/podman stop --ignore -t 5 c2s-user',
            'ExecStopPost=/usr/bin/podman rm -f --ignore c2s-user',
            '',
          ].join('\n'),
          { user: 'u' },
        );
        await bed().run(['systemctl', '--user', 'daemon-reload'], { user: 'u', check: true });
        await bed().run(['systemctl', '--user', 'start', 'c2s-user-smoke.service'], { user: 'u', check: true });
        await waitFor(async () => (await bed().run(['podman', 'container', 'exists', 'c2s-user'], { user: 'u' })).code === 0, 'rootless container');
        expect(await bed().systemctlShow('c2s-user-smoke.service', 'ActiveState', { user: 'u' })).toBe('active');
        await bed().run(['systemctl', '--user', 'stop', 'c2s-user-smoke.service'], { user: 'u', check: true });
        expect(await bed().systemctlShow('c2s-user-smoke.service', 'Result', { user: 'u' })).toBe('success');
      });
    }
  });
}

/** Writes `<quadletDir>/c2s-smoke/<name>.container`, reads it back, dry-runs the generator, then starts the service. */
async function quadletContainerRuns(actor: Actor, name: string): Promise<void> {
  const bed = actor.bed;
  const asUser = actor.user === undefined ? {} : { user: actor.user };
  const scope = actor.user === undefined ? [] : ['--user'];
  const text = [
    '[Unit]',
    `Description=smoke test of Quadlet on ${bed.kind}`,
    '[Container]',
    `Image=${BED_IMAGE}`,
    `ContainerName=${name}`,
    'RunInit=yes',
    'Exec=sleep 600',
    '',
  ].join('\n');
  await bed.writeFile(`${actor.quadletDir}/c2s-smoke/${name}.container`, text, asUser);
  expect(await readQuadletFiles(actor, 'c2s-smoke')).toEqual(new Map([[`${name}.container`, text]]));

  const dry = await bedQuadletDryRun(actor);
  expect(dry.errors).toEqual([]);
  expect(dry.units.get(`${name}.service`)).toMatch(new RegExp(`^ExecStart=/usr/bin/podman run --name ${name} .*${BED_IMAGE} sleep 600$`, 'm'));
  const badDir = `/var/tmp/c2s-smoke-${name}`;
  await bed.writeFile(`${badDir}/bad.container`, `[Container]\nImage=${BED_IMAGE}\nBogusKey=1\n`, asUser);
  const bad = await bedQuadletDryRun(actor, { dir: badDir });
  expect(bad.code).toBe(1);
  expect(bad.errors.join('\n')).toContain(`converting "bad.container": unsupported key 'BogusKey' in group 'Container'`);
  expect([...bad.units.keys()]).toEqual([]);
  await bed.run(['rm', '-rf', badDir]);

  await bed.run(['systemctl', ...scope, 'daemon-reload'], { ...asUser, check: true });
  await bed.run(['systemctl', ...scope, 'start', `${name}.service`], { ...asUser, check: true });
  expect(await bed.systemctlShow(`${name}.service`, 'ActiveState', asUser)).toBe('active');
  await waitFor(async () => (await bed.run(['podman', 'container', 'exists', name], asUser)).code === 0, `Quadlet container ${name}`);
  await bed.run(['systemctl', ...scope, 'stop', `${name}.service`], { ...asUser, check: true });
  expect((await bed.run(['podman', 'container', 'exists', name], asUser)).code).not.toBe(0);
  await bed.run(['rm', '-rf', `${actor.quadletDir}/c2s-smoke`]);
  await bed.run(['systemctl', ...scope, 'daemon-reload'], { ...asUser, check: true });
}

async function waitFor(probe: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function s(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
