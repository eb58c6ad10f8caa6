// Stage 11, apply: ownership markers. Unit text x {project, source} -> marked text, and marked text -> marker.
// A marker is a fixed four-line comment header; its hash covers the body, so any hand edit below it shows.
import { createHash } from 'node:crypto';

export const MARKER_LINE = '# Installed by compose2systemd up: the hash below tells it whether this file was edited by hand.';
const PROJECT_PREFIX = '# compose2systemd-project: ';
const SOURCE_PREFIX = '# compose2systemd-source: ';
const HASH_PREFIX = '# compose2systemd-hash: ';

export interface MarkerMeta {
  readonly project: string;
  readonly source: string;
}

export interface Marker extends MarkerMeta {
  /** The hash written in the marker, `sha256:<hex>`. */
  readonly hash: string;
  /** The text below the marker. */
  readonly body: string;
  /** False when the body no longer matches the hash: someone edited the file after we wrote it. */
  readonly intact: boolean;
}

/** `sha256:<hex>` of the UTF-8 bytes of `body`. */
export function hashBody(body: string): string {
  return `sha256:${createHash('sha256').update(body, 'utf8').digest('hex')}`;
}

/** Prepends the marker to `content`. The content itself is kept byte for byte as the body. */
export function markFile(content: string, meta: MarkerMeta): string {
  return [
    MARKER_LINE,
    PROJECT_PREFIX + encodeValue(meta.project),
    SOURCE_PREFIX + encodeValue(meta.source),
    HASH_PREFIX + hashBody(content),
    content,
  ].join('\n');
}

/** The marker of a file we wrote, or undefined when `text` does not start with a complete marker. */
export function readMarker(text: string): Marker | undefined {
  const lines: string[] = [];
  let at = 0;
  for (let i = 0; i < 4; i++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return undefined;
    lines.push(text.slice(at, nl));
    at = nl + 1;
  }
  const [first, project, source, hash] = lines as [string, string, string, string];
  if (first !== MARKER_LINE || !project.startsWith(PROJECT_PREFIX) || !source.startsWith(SOURCE_PREFIX) || !hash.startsWith(HASH_PREFIX)) {
    return undefined;
  }
  const body = text.slice(at);
  const written = hash.slice(HASH_PREFIX.length);
  const projectName = decodeValue(project.slice(PROJECT_PREFIX.length));
  if (projectName === '') return undefined;
  return {
    project: projectName,
    source: decodeValue(source.slice(SOURCE_PREFIX.length)),
    hash: written,
    body,
    intact: written === hashBody(body),
  };
}

// A raw newline in a marker value would end the comment and inject a directive into the unit, so line
// breaks and other control characters are escaped; the escape is reversible so `readMarker` returns the path.
function encodeValue(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\\\u0000-\u001f\u007f\u2028\u2029]/g, (c) => {
    if (c === '\\') return '\\\\';
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

function decodeValue(value: string): string {
  return value.replace(/\\(\\|n|r|t|u[0-9a-f]{4})/g, (_, e: string) => {
    if (e === '\\') return '\\';
    if (e === 'n') return '\n';
    if (e === 'r') return '\r';
    if (e === 't') return '\t';
    return String.fromCharCode(parseInt(e.slice(1), 16));
  });
}
