/**
 * Who may post to /api/messages, decided before botbuilder, the database or any outbound request:
 * - local mode (no MICROSOFT_APP_ID): only a client on this machine (the TCP peer, never a header such
 *   as X-Forwarded-For; a request relayed by a proxy is refused) with a loopback `serviceUrl` — the Bot
 *   Framework Emulator or the Agents Playground; the bot would otherwise POST its replies to whatever
 *   URL a stranger names;
 * - authenticated mode: the `serviceUrl` must match the allow-list (Microsoft's connector hosts by
 *   default, TEAMS_SERVICE_URLS), since the bot sends its replies and its token there.
 */
import { isIPv4 } from 'node:net';

/** Where Teams and the other Bot Framework channels of the public cloud send from. */
export const DEFAULT_TEAMS_SERVICE_URLS = 'https://smba.trafficmanager.net/,https://*.botframework.com/';

/** 127.0.0.0/8, ::1 and IPv4-mapped 127.x: a peer address that can only be this machine. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  if (isIPv4(v4)) return v4.split('.')[0] === '127';
  return address === '::1' || address === '0:0:0:0:0:0:0:1';
}

/** An http(s) URL whose host is this machine: localhost, 127.x.x.x or [::1]. */
export function isLoopbackUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password) return false;
  const host = u.hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || (isIPv4(host) && host.startsWith('127.'));
}

/** One allow-list entry: `https://host/`, `https://*.domain/path/`, optionally with a port. */
export interface ServiceUrlRule {
  protocol: 'http:' | 'https:';
  /** Lower case, without the `*.`. */
  host: string;
  /** `*.example.com` matches sub-domains of example.com (not example.com itself). */
  wildcard: boolean;
  /** '' = the protocol's default port. */
  port: string;
  pathPrefix: string;
}

const RULE = /^(https?):\/\/(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:(\d{1,5}))?(\/[^\s?#]*)?$/i;

/** Parses TEAMS_SERVICE_URLS (comma-separated); throws with the entries it cannot read. */
export function parseServiceUrlRules(spec: string): ServiceUrlRule[] {
  const entries = spec.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = entries.filter((e) => !RULE.test(e));
  if (bad.length) throw new Error(`not a service URL pattern (https://host/ or https://*.domain/path/): ${bad.join(', ')}`);
  return entries.map((e) => {
    const m = RULE.exec(e)!;
    return { protocol: `${m[1]!.toLowerCase()}:` as ServiceUrlRule['protocol'], host: m[3]!.toLowerCase(), wildcard: !!m[2], port: m[8] ?? '', pathPrefix: m[9] ?? '/' };
  });
}

/** Whether the bot may send to this `serviceUrl`: scheme, host, port and path prefix of one rule, no credentials in the URL. */
export function serviceUrlAllowed(url: string, rules: readonly ServiceUrlRule[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  const host = u.hostname.toLowerCase();
  return rules.some(
    (r) =>
      r.protocol === u.protocol &&
      (r.wildcard ? host.endsWith(`.${r.host}`) : host === r.host) &&
      r.port === u.port &&
      (u.pathname === r.pathPrefix.replace(/\/$/, '') || u.pathname.startsWith(r.pathPrefix)),
  );
}

/**
 * Headers a reverse proxy adds. They never admit anyone (they are trivially forged); they only refuse:
 * behind a proxy on this machine every peer is 127.0.0.1, and local mode must not become public that way.
 */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'via'];

export const cameThroughProxy = (headers: Record<string, string | string[] | undefined>) => PROXY_HEADERS.some((h) => headers[h] !== undefined);

export type IngressDecision = { ok: true } | { ok: false; code: 'not_loopback_client' | 'not_loopback_service_url' | 'service_url_not_allowed' };

/** The checks above, for one request: its TCP peer (and whether a proxy relayed it) and the activity's serviceUrl. */
export function admitActivity(mode: 'local' | 'authenticated', peer: { address: string | undefined; proxied: boolean }, serviceUrl: string, rules: readonly ServiceUrlRule[]): IngressDecision {
  if (mode === 'local') {
    if (!isLoopbackAddress(peer.address) || peer.proxied) return { ok: false, code: 'not_loopback_client' };
    if (!isLoopbackUrl(serviceUrl)) return { ok: false, code: 'not_loopback_service_url' };
    return { ok: true };
  }
  return serviceUrlAllowed(serviceUrl, rules) ? { ok: true } : { ok: false, code: 'service_url_not_allowed' };
}
