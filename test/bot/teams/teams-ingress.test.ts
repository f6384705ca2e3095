/** Who may post to /api/messages: loopback peers and URLs, and the serviceUrl allow-list, as tables. */
import { describe, expect, it } from 'vitest';
import { admitActivity, cameThroughProxy, DEFAULT_TEAMS_SERVICE_URLS, isLoopbackAddress, isLoopbackUrl, parseServiceUrlRules, serviceUrlAllowed } from '../../../bot/teams/teams.ingress';

describe('loopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['192.0.2.2', false],
    ['10.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['fd00::2', false],
    ['128.0.0.1', false],
    ['', false],
    [undefined, false],
  ])('peer %s → %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });

  it.each([
    ['http://localhost:3979', true],
    ['http://127.0.0.1:51000/', true],
    ['https://[::1]:8443/x', true],
    ['http://LOCALHOST', true],
    ['http://localhost.attacker.example/', false],
    ['http://127.0.0.1.attacker.example/', false],
    ['http://user:pw@127.0.0.1/', false],
    ['http://attacker.example@127.0.0.1.nip.io/', false],
    ['ftp://127.0.0.1/', false],
    ['https://smba.trafficmanager.net/teams/', false],
    ['not a url', false],
  ])('serviceUrl %s → %s', (url, expected) => {
    expect(isLoopbackUrl(url)).toBe(expected);
  });

  it('proxy headers are noticed (they only ever refuse)', () => {
    expect(cameThroughProxy({ 'x-forwarded-for': '127.0.0.1' })).toBe(true);
    expect(cameThroughProxy({ forwarded: 'for=1.2.3.4' })).toBe(true);
    expect(cameThroughProxy({ host: 'localhost' })).toBe(false);
  });
});

describe('serviceUrl allow-list (defaults: Microsoft connector hosts)', () => {
  const rules = parseServiceUrlRules(DEFAULT_TEAMS_SERVICE_URLS);
  it.each([
    ['https://smba.trafficmanager.net/teams/', true],
    ['https://smba.trafficmanager.net/emea/72f988bf-86f1-41af-91ab-2d7cd011db47/', true],
    ['https://SMBA.trafficmanager.net/amer/', true],
    ['https://webchat.botframework.com/', true],
    ['https://europe.directline.botframework.com/', true],
    ['https://botframework.com/', false],
    ['http://smba.trafficmanager.net/teams/', false],
    ['https://smba.trafficmanager.net:8443/teams/', false],
    ['https://smba.trafficmanager.net.attacker.example/', false],
    ['https://attackerbotframework.com/', false],
    ['https://smba.trafficmanager.net@attacker.example/', false],
    ['https://user:pw@smba.trafficmanager.net/teams/', false],
    ['https://127.0.0.1/', false],
    ['https://attacker.example/teams/', false],
  ])('%s → %s', (url, expected) => {
    expect(serviceUrlAllowed(url, rules)).toBe(expected);
  });

  it('rules may name a port and a path prefix', () => {
    const custom = parseServiceUrlRules('http://127.0.0.1:4000/, https://smba.infra.gcc.teams.microsoft.com/teams/');
    expect(serviceUrlAllowed('http://127.0.0.1:4000/v3', custom)).toBe(true);
    expect(serviceUrlAllowed('http://127.0.0.1:4001/', custom)).toBe(false);
    expect(serviceUrlAllowed('https://smba.infra.gcc.teams.microsoft.com/teams', custom)).toBe(true);
    expect(serviceUrlAllowed('https://smba.infra.gcc.teams.microsoft.com/other/', custom)).toBe(false);
    expect(() => parseServiceUrlRules('https://*.com/, javascript:alert(1)')).toThrow(/javascript/);
  });

  it('local mode asks for both a loopback peer and a loopback serviceUrl; authenticated mode for the allow-list', () => {
    const local = { address: '127.0.0.1', proxied: false };
    expect(admitActivity('local', local, 'http://localhost:3979', rules)).toEqual({ ok: true });
    expect(admitActivity('local', local, 'https://smba.trafficmanager.net/teams/', rules)).toEqual({ ok: false, code: 'not_loopback_service_url' });
    expect(admitActivity('local', { address: '192.0.2.2', proxied: false }, 'http://localhost:3979', rules)).toEqual({ ok: false, code: 'not_loopback_client' });
    expect(admitActivity('local', { ...local, proxied: true }, 'http://localhost:3979', rules)).toEqual({ ok: false, code: 'not_loopback_client' });
    expect(admitActivity('authenticated', { address: '192.0.2.2', proxied: true }, 'https://smba.trafficmanager.net/teams/', rules)).toEqual({ ok: true });
    expect(admitActivity('authenticated', local, 'http://localhost:3979', rules)).toEqual({ ok: false, code: 'service_url_not_allowed' });
  });
});
