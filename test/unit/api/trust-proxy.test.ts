import { describe, expect, it } from 'vitest';
import { parseTrustProxy } from '../../../src/api/trust-proxy.ts';

describe('--trust-proxy', () => {
  it('takes a hop count or proxy addresses and CIDR ranges', () => {
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('10.0.0.5')).toEqual(['10.0.0.5']);
    expect(parseTrustProxy('10.0.0.0/24, 10.1.0.7,::1')).toEqual(['10.0.0.0/24', '10.1.0.7', '::1']);
  });

  it('refuses "trust everyone" and anything that is not an address', () => {
    for (const bad of ['true', 'all', '0', '99', '', 'proxy.local', '10.0.0.5/33', '10.0.0.300']) {
      expect(() => parseTrustProxy(bad), bad).toThrow(/--trust-proxy/);
    }
  });
});
