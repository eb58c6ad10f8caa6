// Lifecycle hooks in plain units: where each hook lands among the unit's command lines, what a pre_start
// container shares with the service, and that a hook's private environment value stays out of the unit.
import { describe, expect, it } from 'vitest';
import { renderUnit } from '../../../src/systemd/render.js';
import { located, plan, planOk, unit, values, words } from './units-fixture.js';

const HOOKS = `
services:
  web:
    image: nginx
    volumes: [data:/data, /scratch]
    networks:
      front:
        aliases: [www]
    pre_start:
      - image: busybox
        command: [chown, "1000", /data]
    post_start:
      - command: [touch, /data/up]
        user: root
    pre_stop:
      - command: [rm, /data/up]
networks:
  front: {}
volumes:
  data: {}
`;

describe('lifecycle hooks (plain units)', () => {
  it('runs pre_start after the other start steps, post_start after the start, pre_stop before the stop command', () => {
    const u = unit(planOk(HOOKS), 'app-web.service');
    const pre = values(u, 'Service', 'ExecStartPre');
    expect(pre.at(-1)).toBe('/usr/bin/podman run --rm --pull=missing --network app_front --volume app_data:/data busybox chown 1000 /data');
    expect(values(u, 'Service', 'ExecStartPost')).toEqual(['/usr/bin/podman exec --user root app-web-1 touch /data/up']);
    const stops = values(u, 'Service', 'ExecStop');
    expect(stops).toHaveLength(3);
    // the kill check first: after a kill from outside there is no container for the hook
    expect(stops[0]).toMatch(/^\/bin\/sh -c .*EXIT_CODE/);
    // `-`: a failing pre_stop must not keep the stop command from running
    expect(stops[1]).toBe('-/usr/bin/podman exec app-web-1 rm /data/up');
    expect(stops[2]).toMatch(/^\/usr\/bin\/podman stop /);
  });

  it('gives a pre_start container no network alias of the service and no anonymous volume of its own', () => {
    const w = words(unit(planOk(HOOKS), 'app-web.service'), 'ExecStartPre', 1);
    expect(w.join(' ')).not.toMatch(/alias|\/scratch/);
  });

  it('runs a step without an image in the service image, never pulling it', () => {
    const u = unit(planOk('services:\n  web:\n    image: nginx\n    pre_start:\n      - command: nginx -t\n'), 'app-web.service');
    expect(values(u, 'Service', 'ExecStartPre').at(-1)).toBe('/usr/bin/podman run --rm --pull=never --network app_default nginx nginx -t');
  });

  it('keeps a hook environment value from .env out of the unit, in a private env file', () => {
    const yaml = 'services:\n  web:\n    image: nginx\n    post_start:\n      - command: [sh, -c, "echo ok"]\n        environment:\n          TOKEN: ${TOKEN}\n          PLAIN: visible\n';
    const r = plan(yaml, {}, { '.env': 'TOKEN=s3cret-hook\n' });
    const u = r.plan!.units.find((x) => x.name === 'app-web.service')!;
    expect(renderUnit(u)).not.toContain('s3cret-hook');
    expect(values(u, 'Service', 'ExecStartPost')[0]).toBe('/usr/bin/podman exec --env PLAIN=visible --env-file %E/compose2systemd/app/app-web.post_start-0.env app-web-1 sh -c "echo ok"');
    const f = r.files!.find((x) => x.name === 'app-web.post_start-0.env')!;
    expect(f.root).toBe('private');
    expect(f.mode).toBe(0o600);
    expect(f.content).toContain('TOKEN=s3cret-hook\n');
    expect(f.redacted).toContain('TOKEN=<from $TOKEN>');
  });

  it('does not run post_start or pre_stop for a one-shot job (C730), and runs pre_start per replica (C731)', () => {
    const r = plan('services:\n  job:\n    image: busybox\n    post_start:\n      - command: "true"\n  app:\n    image: nginx\n    scale: 2\n    pre_start:\n      - command: "true"\n    depends_on:\n      job:\n        condition: service_completed_successfully\n');
    expect(located(r).sort()).toEqual(['C730@4:5', 'C731@9:5']);
    expect(values(r.plan!.units.find((x) => x.name === 'app-job.service')!, 'Service', 'ExecStartPost')).toEqual([]);
  });
});
