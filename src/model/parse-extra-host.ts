// Stage 6 parser: an `extra_hosts` list entry (`host:ip`, `host=ip`, IPv6 with or without brackets) -> ExtraHost.
// Failures become C509.
import { isIP } from 'node:net';
import { parsedError, parsedOk, type Parsed } from './parse-result.js';
import type { ExtraHost } from './types.js';

/** Checks an address given for a host name: an IP (brackets allowed around IPv6) or `host-gateway`. */
export function parseHostAddress(text: string): Parsed<string> {
  const ip = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (ip === 'host-gateway' || isIP(ip) !== 0) return parsedOk(ip);
  return parsedError(`\`${text}\` is not an IP address (or \`host-gateway\`)`, 0, Math.max(1, text.length));
}

export function parseExtraHost(entry: string): Parsed<ExtraHost> {
  // `=` is the unambiguous separator; `:` is the historical one and splits at the first colon so IPv6 stays whole.
  const eq = entry.indexOf('=');
  const sep = eq >= 0 ? eq : entry.indexOf(':');
  if (sep < 0) return parsedError(`\`${entry}\` is not \`HOST:IP\` or \`HOST=IP\``, 0, Math.max(1, entry.length));
  const host = entry.slice(0, sep);
  const address = entry.slice(sep + 1);
  if (host === '') return parsedError('the host name is missing', 0);
  if (address === '') return parsedError(`no address given for \`${host}\``, sep);
  const ip = parseHostAddress(address);
  if (!ip.ok) return parsedError(ip.error.message, sep + 1, address.length);
  return parsedOk({ host, ip: ip.value });
}
