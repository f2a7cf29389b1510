import { describe, expect, it } from 'vitest';
import { ConfigInvalid, loadConfig } from '../../src/config/config.js';

describe('resolution-check settings', () => {
  it('default to doi.org and n2t.net, on (off with the sandbox provider), 10 s and 10 a second', () => {
    expect(loadConfig({}).resolution.enabled).toBe(false);
    expect(loadConfig({ PID_PROVIDER: 'sandbox', RESOLUTION_CHECKS: 'TRUE' }).resolution.enabled).toBe(true);
    const purl = { PURL_BASE_URL: 'https://purl.example.edu/api/purl', PURL_API_KEY: 'k', PURL_SHOULDER: '10.7282/T3' };
    expect(loadConfig(purl).resolution).toEqual({
      enabled: true,
      resolvers: { doi: 'https://doi.org', ark: 'https://n2t.net' },
      timeoutMs: 10_000,
      maxRps: 10,
    });
  });

  it('take an https resolver (trailing slash dropped), and plain http only on the loopback', () => {
    const config = loadConfig({
      RESOLVER_URL: 'https://doi.example.org/',
      ARK_RESOLVER_URL: 'http://127.0.0.1:8099',
      RESOLUTION_CHECKS: 'false',
    });
    expect(config.resolution).toMatchObject({
      enabled: false,
      resolvers: { doi: 'https://doi.example.org', ark: 'http://127.0.0.1:8099' },
    });
    expect(loadConfig({ RESOLVER_URL: 'http://localhost:8080' }).resolution.resolvers.doi).toBe(
      'http://localhost:8080',
    );
  });

  it('refuse plain http elsewhere, a non-URL and a switch that is not true/false, naming each variable', () => {
    let error: unknown;
    try {
      loadConfig({
        RESOLVER_URL: 'http://doi.org',
        ARK_RESOLVER_URL: 'n2t.net',
        RESOLUTION_CHECKS: 'maybe',
        RESOLUTION_CHECK_MAX_RPS: '0',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigInvalid);
    expect([...new Set((error as ConfigInvalid).variables)].sort()).toEqual(
      ['ARK_RESOLVER_URL', 'RESOLUTION_CHECKS', 'RESOLUTION_CHECK_MAX_RPS', 'RESOLVER_URL'].sort(),
    );
    expect((error as ConfigInvalid).message).toMatch(
      /RESOLVER_URL: expected an https URL; plain http only on 127\.0\.0\.1/,
    );
  });
});
