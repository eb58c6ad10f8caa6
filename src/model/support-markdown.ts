// Stage 7 documentation: SUPPORT_TABLE -> the Markdown of docs/compose-support.md (a test keeps the file equal).
// Pure; no codes.
import { SUPPORT_TABLE, type SupportRow } from './support-table.js';

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

export function renderSupportMarkdown(): string {
  const out: string[] = [
    '# Compose support',
    '',
    '<!-- Generated from src/model/support-table.ts by renderSupportMarkdown(); do not edit by hand.',
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
    'except the `x-podman` keys podman-compose reads, which have their own section at the end.',
    '"Since podman" is blank when every podman the tool targets has what the key needs; a key that needs a',
    'newer podman than `--podman-version` is refused or ignored as its notes say (C552, C553).',
    '`<name>` stands for a name you choose (a service, a network, a ulimit ...).',
  ];
  const header = ['| key | becomes | since podman | status | notes |', '|---|---|---|---|---|'];
  const line = (r: SupportRow, key: string) => `| \`${cell(key)}\` | ${cell(r.becomes)} | ${r.sincePodman ?? ''} | ${r.status} | ${cell(notesOf(r))} |`;
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
  return out.join('\n') + '\n';
}
