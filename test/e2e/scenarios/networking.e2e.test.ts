// e2e scenarios 3, 4, 5 and the rootless half of 12 for 3: service names resolve on the project's default
// network, published ports answer on the bed's own loopback, and in pod mode names and ports move to the pod.
import { expect } from 'vitest';
import { BED_IMAGE } from '../bed.js';
import { bedSuites, ROOTLESS_BEDS, waitFor, withProject, type Actor, type Project } from './scenario-kit.js';

const ROOTLESS = { only: ROOTLESS_BEDS, reason: 'scenario 12 runs rootless; the podman4 bed has no rootless user' } as const;

/** A busybox httpd on port 8080 whose index page is `hello from <service>`. */
const httpd = (service: string, extra = '') => `  ${service}:
    image: ${BED_IMAGE}
    init: true
    command: ["sh", "-c", "mkdir -p /www && echo hello from ${service} > /www/index.html && exec httpd -f -p 8080 -h /www"]
${extra}`;

/** wget inside a container, retried while the server may still be starting. */
async function fetchFrom(p: Project, service: string, url: string): Promise<string> {
  return waitFor(
    async () => {
      // no -T: the host's busybox wget crashes with it
      const r = await p.podman(['exec', p.container(service), 'wget', '-q', '-O', '-', url], false);
      return r.code === 0 ? r.stdout : undefined;
    },
    `${url} from ${service}`,
    30_000,
    500,
  );
}

/** curl in the bed's own network namespace (the host side of the containers). */
async function fetchFromBed(p: Project, url: string): Promise<string> {
  return waitFor(
    async () => {
      const r = await p.run(['curl', '-fsS', '--max-time', '3', url]);
      return r.code === 0 ? r.stdout : undefined;
    },
    `${url} from the bed`,
    30_000,
    500,
  );
}

async function namesResolve(actor: Actor, name: string): Promise<void> {
  await withProject(actor, name, async (p) => {
    await p.write(`name: ${name}\nservices:\n${httpd('db')}${httpd('web')}`);
    await p.up();
    // both containers are on the project's default network, each under its service name
    for (const service of ['db', 'web']) {
      const nets = await p.inspect(p.container(service), '{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{join $v.Aliases ","}} {{end}}');
      expect(nets.trim().split(' ')).toHaveLength(1);
      expect(nets).toMatch(new RegExp(`^${name}_default=(.*,)?${service}(,|\\s|$)`));
    }
    expect(await fetchFrom(p, 'web', 'http://db:8080/')).toBe('hello from db\n');
    expect(await fetchFrom(p, 'db', 'http://web:8080/')).toBe('hello from web\n');
  });
}

await bedSuites('networking.e2e.test.ts', (s) => {
  s.scenario('3 DNS: a container reaches another by its service name on the default network', () => namesResolve(s.root(), 'dns'));

  s.scenario('4 ports: published ports answer from the bed', async () => {
    await withProject(s.root(), 'ports', async (p) => {
      await p.write(`name: ports\nservices:\n${httpd('db', '    ports: ["18080:8080", "127.0.0.1:18082:8080"]\n')}`);
      await p.up();
      const bindings = JSON.parse(await p.inspect(p.container('db'), '{{json .HostConfig.PortBindings}}')) as Record<string, { HostIp: string; HostPort: string }[]>;
      // podman 4.3 leaves an unset host address empty, podman 5 says 0.0.0.0
      const bound = bindings['8080/tcp']?.map((b) => `${b.HostIp === '' ? '0.0.0.0' : b.HostIp}:${b.HostPort}`).sort();
      expect(bound).toEqual(['0.0.0.0:18080', '127.0.0.1:18082']);
      expect(await fetchFromBed(p, 'http://127.0.0.1:18080/')).toBe('hello from db\n');
      expect(await fetchFromBed(p, 'http://127.0.0.1:18082/')).toBe('hello from db\n');
    });
  });

  s.scenario('5 --pod: services reach each other by name on localhost; ports are published on the pod', async () => {
    await withProject(s.root(), 'podp', async (p) => {
      await p.write(`name: podp\nservices:\n${httpd('db', '    ports: ["18081:8080"]\n')}  web:\n    image: ${BED_IMAGE}\n    init: true\n    command: ["sleep", "infinity"]\n`);
      await p.up(['--pod']);
      expect((await p.show('podp-pod.service', ['ActiveState']))['ActiveState']).toBe('active');
      const pod = JSON.parse((await p.podman(['pod', 'inspect', '--format', '{{json .}}', 'podp'])).stdout) as {
        Id: string;
        InfraConfig: { PortBindings: Record<string, { HostPort: string }[]> | null };
      };
      expect(pod.InfraConfig.PortBindings?.['8080/tcp']?.map((b) => b.HostPort)).toEqual(['18081']);
      for (const service of ['db', 'web']) expect(await p.inspect(p.container(service), '{{.Pod}}')).toBe(pod.Id);
      // one network namespace: db's server is on web's localhost, and its name points there too
      expect(await fetchFrom(p, 'web', 'http://localhost:8080/')).toBe('hello from db\n');
      expect(await fetchFrom(p, 'web', 'http://db:8080/')).toBe('hello from db\n');
      expect(await p.exec('web', ['cat', '/etc/hosts'])).toMatch(/^127\.0\.0\.1\s+(\S+\s+)*db(\s|$)/m);
      expect(await fetchFromBed(p, 'http://127.0.0.1:18081/')).toBe('hello from db\n');
    });
  });

  s.scenario('12/3 rootless: a container reaches another by its service name', () => namesResolve(s.user(), 'u-dns'), ROOTLESS);
});
