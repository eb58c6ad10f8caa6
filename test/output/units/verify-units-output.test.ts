// Every unit the planner writes for a project that uses each family passes `systemd-analyze verify` with
// nothing on stderr, for podman 4.3 and 5.x, with and without a pod, as user and as system units.
import { describe, expect, it } from 'vitest';
import { renderUnit } from '../../../src/systemd/render.js';
import { verifyUnavailable, verifyUnits } from '../../support/verify-units.js';
import { planOk } from './units-fixture.js';

const RICH = `services:
  web:
    image: docker.io/library/nginx:1.25
    ports: ["8080:80", "127.0.0.1:8443:443"]
    environment:
      GREETING: "100% sure, it's \\"fine\\" $$HOME"
    volumes: [static:/usr/share/nginx/html:ro, ./conf:/etc/nginx/conf.d]
    configs: [{source: site, target: /etc/site.conf}]
    secrets: [token, apikey]
    restart: unless-stopped
    depends_on:
      db: {condition: service_healthy, restart: true}
      migrate: {condition: service_completed_successfully}
      cache: {condition: service_started, required: false}
  db:
    image: postgres:16
    volumes: [pgdata:/var/lib/postgresql/data, backups:/backups]
    networks: [default, back]
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U $$POSTGRES_USER"]
      interval: 5s
      start_period: 20s
    restart: on-failure:3
    stop_grace_period: 1m
  migrate:
    build:
      context: ./app
      dockerfile_inline: |
        FROM busybox
        RUN echo "50%" > /x
    command: ["sh", "-c", "echo migrating; exit 0"]
    restart: always
  cache:
    image: redis
    deploy:
      replicas: 2
      restart_policy: {condition: any, delay: 2s, max_attempts: 5, window: 1m}
networks:
  back:
    name: backend
  corp:
    external: true
volumes:
  pgdata: {}
  static: {}
  backups:
    external: true
    name: nightly
configs:
  site:
    content: "server_name example.org;\\n"
secrets:
  token:
    file: ./token.txt
  apikey:
    environment: API_KEY
`;

const unavailable = verifyUnavailable();
if (unavailable) console.warn(`systemd-analyze checks of planned units skipped: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('planned units pass systemd-analyze verify', () => {
  const cases = ['4.3', '5.4'].flatMap((podmanVersion) => [false, true].flatMap((pod) => (['user', 'system'] as const).map((scope) => ({ podmanVersion, pod, scope }))));
  it.each(cases)('podman $podmanVersion, pod $pod, $scope units', async ({ podmanVersion, pod, scope }) => {
    const p = planOk(RICH, { podmanVersion, pod, scope });
    const r = await verifyUnits(p.units.map((u) => ({ name: u.name, text: renderUnit(u) })), { user: scope === 'user' });
    expect(r.verified.length).toBe(p.units.length);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });
});
