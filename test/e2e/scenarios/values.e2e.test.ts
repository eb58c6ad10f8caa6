// e2e scenarios 9 and 10: values that systemd and a shell would mangle reach the container byte for byte
// (environment and command line, read back from /proc inside it), and secrets and configs are mounted with
// the content and mode the compose file asked for.
import { expect } from 'vitest';
import { BED_IMAGE } from '../bed.js';
import { bedSuites, withProject, yamlValue } from './scenario-kit.js';

/** Each one breaks a different layer: YAML, interpolation, systemd's specifiers and quoting, a shell, UTF-8. */
const VALUES: Readonly<Record<string, string>> = {
  SPACES: '  two  spaces  ',
  QUOTES: `it's "double" and 'single'`,
  DOLLAR: '$HOME ${X:-y} $$ $',
  PERCENT: '100% %n %t %% %i %',
  BACKSLASH: 'C:\\path\\n \\t \\\\ \\" end\\',
  UNICODE: 'héllo wörld ✓ 日本語 🚀',
  NEWLINE: 'line1\nline2\ttab',
  SHELL: 'a;b|c&d`e` $(f) *g? ~h #i <j> {k,l} !m',
  EQUALS: 'a=b=c',
  DASH: '--not-a-flag',
  EMPTY: '',
};

/** The shell writes its own argv, NUL-separated, as the kernel gave it; then the container idles. */
const ARGV_SCRIPT = 'cat /proc/$$/cmdline > /tmp/argv; exec sleep infinity';

await bedSuites('values.e2e.test.ts', (s) => {
  s.scenario('9 exact values: environment and command arguments reach the container byte for byte', async () => {
    await withProject(s.root(), 'exact', async (p) => {
      const env = Object.entries(VALUES)
        .map(([k, v]) => `      ${k}: ${yamlValue(v)}\n`)
        .join('');
      const command = ['sh', '-c', ARGV_SCRIPT, 'argv0', ...Object.values(VALUES)];
      const listEnv = Object.entries(VALUES)
        .map(([k, v]) => `      - ${yamlValue(`${k}=${v}`)}\n`)
        .join('');
      await p.write(`name: exact
services:
  echo:
    image: ${BED_IMAGE}
    init: true
    environment:
${env}    command: [${command.map(yamlValue).join(', ')}]
  entry:
    image: ${BED_IMAGE}
    init: true
    entrypoint: [${command.slice(0, 4).map(yamlValue).join(', ')}]
    command: [${command.slice(4).map(yamlValue).join(', ')}]
    environment:
${listEnv}  words:
    image: ${BED_IMAGE}
    init: true
    command: ${yamlValue(`sh -c '${ARGV_SCRIPT}' argv0 'single "q"' "double 'q'" a\\ b "%n 100% $HOME" "ünï ✓" ''`)}
`);
      await p.up();
      for (const service of ['echo', 'entry']) {
        // the environment of the container's first process (podman's init), exactly as the kernel holds it
        const environ = await p.exec(service, ['cat', '/proc/1/environ']);
        const seen = new Map<string, string>();
        for (const entry of environ.split('\0')) {
          const eq = entry.indexOf('=');
          if (eq > 0) seen.set(entry.slice(0, eq), entry.slice(eq + 1));
        }
        for (const [k, v] of Object.entries(VALUES)) expect({ service, [k]: seen.get(k) }).toEqual({ service, [k]: v });
        // `podman exec ... env` sees the same (a value with a newline spans two lines there)
        const printed = await p.exec(service, ['env']);
        for (const [k, v] of Object.entries(VALUES)) expect(printed).toContain(`${k}=${v}\n`);
        // a list entrypoint (podman takes it as JSON) followed by the command: one argv, word for word
        const argv = await p.exec(service, ['cat', '/tmp/argv']);
        expect({ service, argv: argv.split('\0').slice(0, -1) }).toEqual({ service, argv: command });
      }
      // a string command is split into words the way a POSIX shell would, then passed on unchanged
      const words = await p.exec('words', ['cat', '/tmp/argv']);
      expect(words.split('\0').slice(0, -1)).toEqual(['sh', '-c', ARGV_SCRIPT, 'argv0', 'single "q"', "double 'q'", 'a b', '%n 100% $HOME', 'ünï ✓', '']);
    });
  });

  s.scenario('10 secrets and configs: mounted with the right content and mode', async () => {
    await withProject(s.root(), 'secrets', async (p) => {
      await p.write(
        `name: secrets
services:
  app:
    image: ${BED_IMAGE}
    init: true
    command: ["sleep", "infinity"]
    secrets:
      - db_password
      - source: api_key
        target: api_key_file
        mode: 0400
      - source: env_secret
        uid: "1000"
        gid: "1000"
        mode: 0440
    configs:
      - source: file_conf
        target: /etc/app/file.conf
      - source: inline_conf
        target: /etc/app/inline.conf
        mode: 0604
      - source: env_conf
        target: /etc/app/env.conf
secrets:
  db_password:
    file: ./db_password.txt
  api_key:
    file: ./api_key.txt
  env_secret:
    environment: SECRET_FROM_ENV
configs:
  file_conf:
    file: ./app.conf
  inline_conf:
    content: |
      inline line 1
      value with $$dollar, 100% and ✓
  env_conf:
    environment: CONF_FROM_ENV
`,
        {
          'db_password.txt': { content: 's3cr3t value\nline 2 ✓\n', mode: 0o600 },
          'api_key.txt': { content: 'key-without-newline', mode: 0o600 },
          'app.conf': { content: 'listen = 8080\n', mode: 0o640 },
        },
      );
      await p.up([], { SECRET_FROM_ENV: 'env secret ✓ $x %n', CONF_FROM_ENV: 'from the environment' });
      const expected: readonly [string, string, string][] = [
        // path, mode uid:gid, content; docker's defaults are 0444 for secrets and configs
        ['/run/secrets/db_password', '444 0:0', 's3cr3t value\nline 2 ✓\n'],
        ['/run/secrets/api_key_file', '400 0:0', 'key-without-newline'],
        ['/run/secrets/env_secret', '440 1000:1000', 'env secret ✓ $x %n'],
        // a bind-mounted file config keeps the mode of the file on the host
        ['/etc/app/file.conf', '640 0:0', 'listen = 8080\n'],
        ['/etc/app/inline.conf', '604 0:0', 'inline line 1\nvalue with $dollar, 100% and ✓\n'],
        ['/etc/app/env.conf', '444 0:0', 'from the environment'],
      ];
      for (const [path, mode, content] of expected) {
        const stat = (await p.exec('app', ['stat', '-L', '-c', '%a %u:%g', path])).trim();
        expect({ path, stat }).toEqual({ path, stat: mode });
        expect({ path, content: await p.exec('app', ['cat', path]) }).toEqual({ path, content });
      }
    });
  });
});
