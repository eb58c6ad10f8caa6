// Stage 6 parser: a `ports:` short form `[HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTOCOL]` -> Port fields.
// IPv6 host addresses are written in brackets (`[::1]:80:80`); the result holds them without. Failures become C501.
import { isIP } from 'node:net';
import { parsedError, parsedOk, type Parsed } from './parse-result.js';
import type { Port, Protocol } from './types.js';

export type PortSpec = Omit<Port, 'pointer'>;

export interface PortRange {
  readonly start: number;
  readonly end: number;
}

const PROTOCOLS: readonly Protocol[] = ['tcp', 'udp', 'sctp'];

/** `8080` or `8000-8010`; ports are 0..65535 and a range must not run backwards. */
export function parsePortRange(text: string): Parsed<PortRange> {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return parsedError(`\`${text}\` is not a port or a port range`, 0, text.length);
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start > 65535 || end > 65535) return parsedError(`port \`${text}\` is out of range (0-65535)`, 0, text.length);
  if (end < start) return parsedError(`port range \`${text}\` ends before it starts`, 0, text.length);
  return parsedOk({ start, end });
}

export function parseProtocol(text: string): Protocol | undefined {
  const p = text.toLowerCase();
  return (PROTOCOLS as readonly string[]).includes(p) ? (p as Protocol) : undefined;
}

/** Parses one short-syntax port entry (a string, or a bare number for the container port). */
export function parsePortShort(input: string | number): Parsed<PortSpec> {
  if (typeof input === 'number') {
    if (!Number.isInteger(input) || input < 1 || input > 65535) return parsedError(`\`${input}\` is not a valid container port (1-65535)`, 0);
    return parsedOk({ target: input, protocol: 'tcp' });
  }
  const text = input;
  if (text.trim() === '') return parsedError('a port specification cannot be empty', 0);

  let body = text;
  let protocol: Protocol = 'tcp';
  const slash = text.lastIndexOf('/');
  if (slash >= 0) {
    const proto = parseProtocol(text.slice(slash + 1));
    if (!proto) return parsedError(`unknown protocol \`${text.slice(slash + 1)}\` (expected tcp, udp or sctp)`, slash + 1, text.length - slash - 1);
    protocol = proto;
    body = text.slice(0, slash);
  }

  // Split into host ip, host port and container port, remembering where each starts for diagnostics.
  let hostIp: string | undefined;
  let host: { text: string; at: number } | undefined;
  let container: { text: string; at: number };
  if (body.startsWith('[')) {
    const close = body.indexOf(']');
    if (close < 0) return parsedError('unterminated `[` around an IPv6 address', 0);
    hostIp = body.slice(1, close);
    if (isIP(hostIp) !== 6) return parsedError(`\`${hostIp}\` is not an IPv6 address`, 1, Math.max(1, hostIp.length));
    const rest = body.slice(close + 1);
    const parts = rest.split(':');
    if (parts.length !== 3 || parts[0] !== '') {
      return parsedError('after `[address]` expected `:HOST_PORT:CONTAINER_PORT` (the host port may be empty)', close + 1);
    }
    host = { text: parts[1]!, at: close + 2 };
    container = { text: parts[2]!, at: close + 3 + parts[1]!.length };
  } else {
    const parts = body.split(':');
    const n = parts.length;
    container = { text: parts[n - 1]!, at: body.length - parts[n - 1]!.length };
    if (n >= 2) host = { text: parts[n - 2]!, at: container.at - 1 - parts[n - 2]!.length };
    if (n >= 3) {
      hostIp = parts.slice(0, n - 2).join(':');
      // An empty address (`:8080:80`) means all addresses, as docker reads it.
      if (hostIp === '') hostIp = undefined;
      // An unbracketed IPv6 address (`::1:80:80`) is accepted as docker accepts it: the last two colons separate.
      else if (isIP(hostIp) === 0) return parsedError(`\`${hostIp}\` is not an IP address`, 0, Math.max(1, hostIp.length));
    }
  }

  if (container.text === '') return parsedError('the container port is missing', container.at);
  const target = parsePortRange(container.text);
  if (!target.ok) return parsedError(target.error.message, container.at, container.text.length);
  if (target.value.start === 0) return parsedError('the container port cannot be 0', container.at, container.text.length);

  let published: string | undefined;
  if (host && host.text !== '') {
    const range = parsePortRange(host.text);
    if (!range.ok) return parsedError(range.error.message, host.at, host.text.length);
    const hostLen = range.value.end - range.value.start;
    const targetLen = target.value.end - target.value.start;
    // A host range with a single container port is a pool to pick a free port from; otherwise lengths must match.
    if (targetLen !== 0 && hostLen !== targetLen) {
      return parsedError(`host range \`${host.text}\` and container range \`${container.text}\` have different lengths`, host.at, host.text.length);
    }
    published = range.value.start === range.value.end ? String(range.value.start) : `${range.value.start}-${range.value.end}`;
  }

  return parsedOk({
    target: target.value.start,
    ...(target.value.end !== target.value.start ? { targetEnd: target.value.end } : {}),
    ...(published !== undefined ? { published } : {}),
    ...(hostIp !== undefined && hostIp !== '' ? { hostIp } : {}),
    protocol,
  });
}
