// Stage 7 documentation: SUPPORT_TABLE -> the Markdown of docs/compose-support.md (a test keeps the file equal),
// with each row's place in the Quadlet output (quadletFateOf) and, appended, the Kubernetes part. Pure; no codes.
import { directive, QUADLET_FATES, QUADLET_SINCE, runFlagPart, type QuadletFate, type QuadletPart } from '../podman/quadlet-fates.js';
import { renderKubeSupportMarkdown } from './support-kube-markdown.js';
import { SUPPORT_TABLE, supportRow, type SupportRow } from './support-table.js';

const SECTIONS = [
  { title: 'Top level', prefix: '' },
  { title: 'Services', prefix: 'services' },
  { title: 'Networks', prefix: 'networks' },
  { title: 'Volumes', prefix: 'volumes' },
  { title: 'Secrets', prefix: 'secrets' },
  { title: 'Configs', prefix: 'configs' },
] as const;

function sectionOf(key: string): string {
  const [first] = key.split('.');
  const named = SECTIONS.some((s) => s.prefix !== '' && s.prefix === first);
  return named && key.includes('.') ? (first ?? '') : '';
}

/** `services.*.networks.*.aliases` reads as `networks.<name>.aliases` under "Services". */
function displayKey(key: string, prefix: string): string {
  const rest = prefix === '' ? key : key.slice(prefix.length + '.*.'.length);
  return rest.replace(/(^|\.)\*(?=\.|$)/g, '$1<name>');
}

const isPodmanRow = (r: SupportRow): boolean => /(^|\.)x-podman\./.test(r.key);

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function notesOf(r: SupportRow): string {
  const parts = r.notes === '' ? [] : [r.notes];
  if (r.sincePodman !== undefined) {
    parts.push(`before podman ${r.sincePodman}: ${r.olderPodman === 'ignored' ? 'ignored with a warning' : 'refused'}`);
  }
  if (r.inPod) parts.push(`with \`--pod\`: ${r.inPod.status === 'ignored' ? 'ignored' : 'refused'}, ${r.inPod.notes}`);
  return parts.join('; ');
}

/** The `x-systemd` service extension: not a compose key, so not a row; described once, here. */
const SYSTEMD_EXTENSION_DOC = [
  '## Unit customisation (`services.<name>.x-systemd`)',
  '',
  'A service\'s `x-systemd:` adds systemd directives to its unit (plain units: `P-web.service`; Quadlet: the',
  '[Unit], [Service] and [Install] sections of `P-web.container`, which Quadlet copies into the service it',
  'makes). It maps section names to directives, each with one value or a list; a list repeats the directive.',
  '',
  '```yaml',
  'services:',
  '  web:',
  '    image: nginx',
  '    x-systemd:',
  '      Unit:',
  '        Documentation: https://example.org/runbook',
  '      Service:',
  '        MemoryMax: 512M',
  '        Nice: 5',
  '        CPUWeight: 200',
  '        Environment: ["MODE=production", "GREETING=hello world"]',
  '        ExecStartPost: ["/usr/bin/logger", "-t", "web", "started"]',
  '      Install:',
  '        Alias: frontend.service',
  '```',
  '',
  '- The directives are written after the ones compose2systemd writes, so for a directive that takes one value',
  '  (`TimeoutStopSec=`, `Description=`) yours wins, and a list directive (`After=`, `Environment=`) adds to it.',
  '- Values are escaped as every other value: `%` is written as `%%`, so systemd specifiers are not expanded;',
  '  `true`/`false` become `yes`/`no`. Like every compose value they are interpolated first: write `$$` for a `$`.',
  '  A command (`ExecStartPre`, `ExecStartPost`, `ExecCondition`, `ExecReload`,',
  '  `ExecStopPost`) is the list of its arguments, each passed to the program as written.',
  '- Sections other than Unit, Service and Install, and the directives the unit depends on (`Type`, `ExecStart`,',
  '  `ExecStop`, `NotifyAccess`, `PIDFile`, `RemainAfterExit`, `KillMode`, `Restart`, `Delegate`), are refused',
  '  (C722) with the compose key to use instead. A directive systemd does not have in that section is left out',
  '  with a warning (C723) that names the closest one.',
  '- Directives added by hand without touching the compose file belong in a drop-in',
  '  (`systemctl --user edit P-web.service`): compose2systemd never writes or removes files in `P-web.service.d/`.',
];

/**
 * Where the Quadlet output puts a row's key: the row's own entry of QUADLET_FATES; else the [Container] keys of
 * the `podman run` flags and the directives its "becomes" names (a "see ..." row points at its children); else the
 * fate of the nearest row above it. Undefined for a key that becomes nothing.
 */
export function quadletFateOf(key: string): QuadletFate | undefined {
  const segments = key.split('.');
  for (let n = segments.length; n > 0; n--) {
    const ancestor = segments.slice(0, n).join('.');
    // every service key is below `services`, whose entry is the `.container` file itself
    if (ancestor === 'services' && n < segments.length) return undefined;
    const row = supportRow(ancestor);
    const fate = row && ownQuadletFate(row);
    if (fate) return fate;
  }
  return undefined;
}

function ownQuadletFate(r: SupportRow): QuadletFate | undefined {
  const explicit = QUADLET_FATES.get(r.key);
  if (explicit) return explicit;
  if (r.becomes.startsWith('see ')) return { note: r.becomes };
  // `--flag` only where it opens a backticked span: `podman build --file` and `--health-*` are no run flags
  const flags = r.key.startsWith('services.') ? [...r.becomes.matchAll(/`(--[a-z][a-z0-9-]*)(?=[ `=])/g)].map((m) => m[1]!) : [];
  const directives = [...r.becomes.matchAll(/`([A-Z][A-Za-z]+=[a-z]*)`/g)].map((m) => m[1]!);
  const parts: QuadletPart[] = [];
  for (const p of [...flags.map(runFlagPart), ...directives.map((d) => directive(`\`${d}\``))]) if (!parts.some((q) => q.carrier === p.carrier)) parts.push(p);
  return parts.length > 0 ? { parts } : undefined;
}

/** `` `HealthCmd=` (4.5; before: `PodmanArgs=`) ``: each part with the first podman that has it, and what carries the key before. */
export function quadletCell(fate: QuadletFate | undefined): string {
  if (fate === undefined) return '';
  if ('note' in fate) return fate.note;
  return fate.parts
    .map((p) => {
      const older = p.since === QUADLET_SINCE ? '' : p.refusedBefore ? '; refused before' : p.before !== undefined ? `; before: ${p.before}` : '';
      return `${p.carrier} (${p.since}${older})`;
    })
    .join(', ');
}

export function renderSupportMarkdown(): string {
  const out: string[] = [
    '# Compose support',
    '',
    '<!-- Generated from src/model/support-table.ts and src/podman/quadlet-fates.ts by renderSupportMarkdown(); do not edit by hand.',
    '     Regenerate with: UPDATE_GOLDEN=1 npx vitest run test/model/support-markdown.test.ts -->',
    '',
    'Every key of the Compose Specification has a decided fate when compose2systemd turns a project into',
    'systemd units that run it with podman:',
    '',
    '- **mapped**: honoured as compose means it, by the podman flag, unit directive or step in "becomes".',
    '- **partial**: honoured, with the difference the notes state.',
    '- **ignored**: dropped with a warning (C550) that names the key, the service and the reason.',
    '- **unsupported**: refused with an error (C551).',
    '',
    '`--strict` turns every warning into an error. Keys starting with `x-` are extensions and always accepted,',
    'except the `x-podman` keys podman-compose reads and a service\'s `x-systemd`, which have their own sections at the end.',
    '"Since podman" is blank when every podman the tool targets has what the key needs; a key that needs a',
    'newer podman than `--podman-version` is refused or ignored as its notes say (C552, C553).',
    '"Quadlet" is where `--format quadlet` puts the key: a key of the `.container` file (of another file where a',
    'section is named), `PodmanArgs=` (the podman flag as written), a systemd directive, or a plain unit beside the',
    `Quadlet files; each with the first podman version that has it (${QUADLET_SINCE} is the first with Quadlet) and what carries`,
    'the key on an older podman. "refused before" means `--format quadlet` refuses the key there (C552, C719).',
    '`<name>` stands for a name you choose (a service, a network, a ulimit ...).',
  ];
  const header = ['| key | becomes | since podman | Quadlet | status | notes |', '|---|---|---|---|---|---|'];
  const quadlet = (r: SupportRow) => (r.status === 'mapped' || r.status === 'partial' ? quadletCell(quadletFateOf(r.key)) : '');
  const line = (r: SupportRow, key: string) => `| \`${cell(key)}\` | ${cell(r.becomes)} | ${r.sincePodman ?? ''} | ${cell(quadlet(r))} | ${r.status} | ${cell(notesOf(r))} |`;
  for (const section of SECTIONS) {
    const rows = SUPPORT_TABLE.filter((r) => sectionOf(r.key) === section.prefix && !isPodmanRow(r));
    out.push('', `## ${section.title}`, '', ...header);
    for (const r of rows) out.push(line(r, displayKey(r.key, section.prefix)));
  }
  out.push(
    '',
    '## podman-compose extensions (`x-podman`)',
    '',
    'podman-compose reads these extension keys. Below a service, a network or a secret it writes them as dotted',
    'keys (`x-podman.uidmaps: [...]`), at the top level as an `x-podman:` mapping; compose2systemd reads both forms',
    'in every place. An `x-podman` name podman-compose does not know is ignored with a warning that names the',
    'closest one.',
    '',
    ...header,
  );
  for (const r of SUPPORT_TABLE.filter(isPodmanRow)) out.push(line(r, r.key.replace(/(^|\.)\*(?=\.|$)/g, '$1<name>')));
  out.push('', ...SYSTEMD_EXTENSION_DOC);
  return out.join('\n') + '\n' + renderKubeSupportMarkdown();
}
