import { isIP } from 'node:net';

/**
 * Which reverse proxies the server believes about X-Forwarded-For / -Proto. Trusting every hop
 * would let any client write its own X-Forwarded-For and pick the address the sign-in limits and
 * the audit log see; so the operator names the proxies: a hop count (`1` = the one proxy in front
 * of the server, whose own entry is the last in the header) or the proxies' addresses / CIDR ranges
 * (`10.0.0.5`, `10.0.0.0/24,10.1.0.7`). false = no proxy: the socket's address is the client.
 */
export type TrustProxy = false | number | readonly string[];

const MAX_HOPS = 10;

export function parseTrustProxy(value: string): TrustProxy {
  const v = value.trim();
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops < 1 || hops > MAX_HOPS) throw new Error(`--trust-proxy: a hop count is 1 to ${MAX_HOPS}, not ${v}`);
    return hops;
  }
  const entries = v.split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) throw new Error('--trust-proxy needs a hop count or the proxies\' addresses');
  for (const e of entries) {
    const [addr, prefix, ...rest] = e.split('/');
    const family = isIP(addr ?? '');
    const maxPrefix = family === 6 ? 128 : 32;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (family === 0 || rest.length > 0 || !prefixOk) {
      throw new Error(`--trust-proxy: "${e}" is neither a hop count nor an IP address or CIDR range (trusting every hop is not offered: it lets clients forge their address)`);
    }
  }
  return entries;
}
