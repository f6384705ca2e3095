import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildTeamsPackage,
  deriveTeamsAppId,
  parseTeamsPackageEnv,
  TeamsPackageConfigError,
  TEAMS_ZIP_NAME,
} from '../../../bot/teams/teams-package.cli';

const BOT_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-teams-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function build(env: Record<string, string | undefined>) {
  const out = tempDir();
  const result = await buildTeamsPackage(env, out);
  const files = unzipSync(new Uint8Array(readFileSync(result.zipPath)));
  return { out, result, files, manifest: JSON.parse(strFromU8(files['manifest.json']!)) };
}

function ihdr(png: Uint8Array): { width: number; height: number; colorType: number } {
  const b = Buffer.from(png);
  expect([...b.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), colorType: b[25]! };
}

async function pixels(png: Uint8Array): Promise<Uint8ClampedArray> {
  const img = await loadImage(Buffer.from(png));
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return ctx.getImageData(0, 0, img.width, img.height).data;
}

describe('buildTeamsPackage', () => {
  it('writes ponte-teams.zip with the manifest, the Italian localization and both icons', async () => {
    const { out, result, files } = await build({ MICROSOFT_APP_ID: BOT_ID });
    expect(result.zipPath).toBe(join(out, TEAMS_ZIP_NAME));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'it-it.json', 'manifest.json', 'outline.png']);
    expect(result.files.map((f) => f.name).sort()).toEqual(Object.keys(files).sort());
  });

  it('fills the manifest for schema 1.17 with the bot id from the environment', async () => {
    const { manifest } = await build({ MICROSOFT_APP_ID: BOT_ID.toUpperCase(), PUBLIC_BASE_URL: 'https://ponte.example.it/api' });
    expect(manifest.manifestVersion).toBe('1.17');
    expect(manifest.$schema).toContain('/v1.17/MicrosoftTeams.schema.json');
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.id).toMatch(GUID);
    expect(manifest.id).toBe(deriveTeamsAppId(BOT_ID));
    expect(manifest.id).not.toBe(BOT_ID);
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0].botId).toBe(BOT_ID);
    expect(manifest.bots[0].scopes).toEqual(['personal']);
    expect(manifest.bots[0].commandLists.map((c: { scopes: string[] }) => c.scopes)).toEqual([['personal']]);
    expect(manifest.permissions).toEqual(['identity']);
    expect(manifest.bots[0].supportsFiles).toBe(false);
    expect(manifest.name.short).toBe('Ponte');
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.name.full.length).toBeLessThanOrEqual(100);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
    expect(manifest.description.full).toContain('PUOI');
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(manifest.accentColor).toMatch(/^#[0-9A-F]{6}$/);
    expect(manifest.developer.websiteUrl).toMatch(/^https:\/\//);
    expect(manifest.developer.privacyUrl).toMatch(/^https:\/\//);
    expect(manifest.developer.termsOfUseUrl).toMatch(/^https:\/\//);
    expect(manifest.validDomains).toEqual(['ponte.example.it']);
    expect(manifest.localizationInfo.additionalLanguages[0].file).toBe('it-it.json');
  });

  it('uses TEAMS_APP_ID and the developer settings when given', async () => {
    const { manifest, files } = await build({
      MICROSOFT_APP_ID: BOT_ID,
      TEAMS_APP_ID: '11111111-2222-4333-8444-555555555555',
      TEAMS_APP_VERSION: '1.2.3',
      TEAMS_DEVELOPER_NAME: 'Regione Piemonte',
      TEAMS_DEVELOPER_WEBSITE_URL: 'https://puoi.example.it',
      TEAMS_VALID_DOMAINS: 'bot.example.it, *.example.org',
      TEAMS_ACCENT_COLOR: '#123abc',
    });
    expect(manifest.id).toBe('11111111-2222-4333-8444-555555555555');
    expect(manifest.version).toBe('1.2.3');
    expect(manifest.developer).toEqual({
      name: 'Regione Piemonte',
      websiteUrl: 'https://puoi.example.it',
      privacyUrl: 'https://puoi.example.it/privacy',
      termsOfUseUrl: 'https://puoi.example.it/terms',
    });
    expect(manifest.validDomains).toEqual(['bot.example.it', '*.example.org']);
    expect(manifest.accentColor).toBe('#123ABC');
    const it = JSON.parse(strFromU8(files['it-it.json']!));
    expect(it['name.short']).toBe('Ponte');
    expect(it['description.short'].length).toBeLessThanOrEqual(80);
  });

  it('derives a stable app id: same bot, same id; another bot, another id', () => {
    expect(deriveTeamsAppId(BOT_ID)).toBe(deriveTeamsAppId(BOT_ID.toUpperCase()));
    expect(deriveTeamsAppId(BOT_ID)).toMatch(GUID);
    expect(deriveTeamsAppId(BOT_ID)[14]).toBe('5'); // UUID version 5
    expect(deriveTeamsAppId('00000000-0000-0000-0000-000000000001')).not.toBe(deriveTeamsAppId(BOT_ID));
  });

  it('builds a byte-identical zip for the same environment', async () => {
    const a = await build({ MICROSOFT_APP_ID: BOT_ID });
    const b = await build({ MICROSOFT_APP_ID: BOT_ID });
    expect(readFileSync(a.result.zipPath).equals(readFileSync(b.result.zipPath))).toBe(true);
  });

  it('makes a 192×192 full-colour opaque colour icon', async () => {
    const { files } = await build({ MICROSOFT_APP_ID: BOT_ID });
    const png = files['color.png']!;
    expect(ihdr(png)).toMatchObject({ width: 192, height: 192 });
    const data = await pixels(png);
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      expect(data[i + 3]).toBe(255);
      colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    }
    expect(colours.size).toBeGreaterThan(2);
    expect(colours.has(0xffffff)).toBe(true);
  });

  it('makes a 32×32 outline icon that is white on a transparent background', async () => {
    const { files } = await build({ MICROSOFT_APP_ID: BOT_ID });
    const png = files['outline.png']!;
    expect(ihdr(png)).toMatchObject({ width: 32, height: 32, colorType: 6 });
    const data = await pixels(png);
    let transparent = 0;
    let opaque = 0;
    for (let i = 0; i < data.length; i += 4) {
      const alpha = data[i + 3]!;
      if (alpha === 0) transparent++;
      else {
        if (alpha === 255) opaque++;
        expect([data[i], data[i + 1], data[i + 2]]).toEqual([255, 255, 255]);
      }
    }
    expect(data[3]).toBe(0); // top-left corner is transparent
    expect(transparent).toBeGreaterThan(32 * 32 * 0.3);
    expect(opaque).toBeGreaterThan(50);
  });

  it('fails with a readable message when MICROSOFT_APP_ID is missing or not a GUID', async () => {
    await expect(buildTeamsPackage({}, tempDir())).rejects.toThrow(/MICROSOFT_APP_ID is missing/);
    await expect(buildTeamsPackage({ MICROSOFT_APP_ID: '' }, tempDir())).rejects.toThrow(/MICROSOFT_APP_ID is missing/);
    await expect(buildTeamsPackage({ MICROSOFT_APP_ID: 'not-a-guid' }, tempDir())).rejects.toThrow(/MICROSOFT_APP_ID must be a GUID/);
  });

  it('lists every configuration problem at once', () => {
    try {
      parseTeamsPackageEnv({
        MICROSOFT_APP_ID: 'x',
        TEAMS_APP_ID: 'y',
        TEAMS_PRIVACY_URL: 'http://insecure.example.it',
        TEAMS_VALID_DOMAINS: 'https://bot.example.it/path',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TeamsPackageConfigError);
      const problems = (error as TeamsPackageConfigError).problems.join('\n');
      expect(problems).toMatch(/MICROSOFT_APP_ID/);
      expect(problems).toMatch(/TEAMS_APP_ID must be a GUID/);
      expect(problems).toMatch(/TEAMS_PRIVACY_URL must be an https/);
      expect(problems).toMatch(/TEAMS_VALID_DOMAINS has "https:\/\/bot.example.it\/path"/);
    }
  });
});
