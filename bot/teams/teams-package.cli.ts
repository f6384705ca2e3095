/**
 * Builds the Microsoft Teams app package `dist/ponte-teams.zip` (`npm run teams:package`):
 * `manifest.json` (schema 1.17), `it-it.json` (Italian localization), `color.png` (192×192, full colour)
 * and `outline.png` (32×32, white on transparent). The icons are drawn by code, so the package needs
 * no committed binaries. Upload the zip in Teams (Apps → Manage your apps → Upload an app).
 *
 * Environment (validated with zod, readable errors):
 * - MICROSOFT_APP_ID (required, GUID): the Azure Bot's app id, used as bots[0].botId.
 * - TEAMS_APP_ID (GUID): the Teams app id; default: a UUID v5 derived from MICROSOFT_APP_ID, stable across builds.
 * - TEAMS_APP_VERSION (x.y.z): default 1.0.0. Raise it for every upload of a changed package.
 * - TEAMS_DEVELOPER_NAME, TEAMS_DEVELOPER_WEBSITE_URL, TEAMS_PRIVACY_URL, TEAMS_TERMS_URL, TEAMS_MPN_ID.
 * - TEAMS_VALID_DOMAINS (comma-separated host names) and PUBLIC_BASE_URL (its host is added).
 * - TEAMS_ACCENT_COLOR (#RRGGBB).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { strToU8, zipSync } from 'fflate';
import { z } from 'zod';

export const TEAMS_MANIFEST_VERSION = '1.17';
export const TEAMS_MANIFEST_SCHEMA = `https://developer.microsoft.com/en-us/json-schemas/teams/v${TEAMS_MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
export const TEAMS_LOCALIZATION_SCHEMA = `https://developer.microsoft.com/en-us/json-schemas/teams/v${TEAMS_MANIFEST_VERSION}/MicrosoftTeams.Localization.schema.json`;
export const TEAMS_ZIP_NAME = 'ponte-teams.zip';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(:\d{1,5})?$/i;
const DEFAULT_WEBSITE = 'https://example.org/ponte';

/** Empty strings in .env files mean "not set". */
const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());
const httpsUrl = z.url({ protocol: /^https$/, message: 'must be an https:// URL' });

export const teamsPackageEnvSchema = z.object({
  MICROSOFT_APP_ID: z.preprocess(
    blankToUndefined,
    z
      .string({ message: 'is missing: set it to the Microsoft App ID of the Azure Bot (a GUID)' })
      .trim()
      .regex(GUID, 'must be a GUID like 00000000-0000-0000-0000-000000000000 (the Microsoft App ID of the Azure Bot)'),
  ),
  TEAMS_APP_ID: optional(z.string().trim().regex(GUID, 'must be a GUID')),
  TEAMS_APP_VERSION: optional(z.string().trim().regex(/^\d{1,4}\.\d{1,4}\.\d{1,4}$/, 'must be a version like 1.0.0')),
  TEAMS_DEVELOPER_NAME: optional(z.string().trim().min(1).max(32, 'must be at most 32 characters')),
  TEAMS_DEVELOPER_WEBSITE_URL: optional(httpsUrl),
  TEAMS_PRIVACY_URL: optional(httpsUrl),
  TEAMS_TERMS_URL: optional(httpsUrl),
  TEAMS_MPN_ID: optional(z.string().trim().max(10)),
  TEAMS_ACCENT_COLOR: optional(z.string().trim().regex(/^#[0-9a-f]{6}$/i, 'must be a colour like #1D5FA8')),
  TEAMS_VALID_DOMAINS: optional(
    z.string().transform((value, ctx) => {
      const domains = value.split(',').map((d) => d.trim().toLowerCase()).filter(Boolean);
      for (const domain of domains) {
        if (!HOST.test(domain)) ctx.addIssue({ code: 'custom', message: `has "${domain}": give host names only, without https:// or a path` });
      }
      return domains;
    }),
  ),
  PUBLIC_BASE_URL: optional(httpsUrl),
});

export type TeamsPackageEnv = z.infer<typeof teamsPackageEnvSchema>;

export interface TeamsPackageConfig {
  botId: string;
  appId: string;
  version: string;
  developer: { name: string; websiteUrl: string; privacyUrl: string; termsOfUseUrl: string; mpnId?: string };
  accentColor: string;
  validDomains: string[];
}

export class TeamsPackageConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cannot build the Teams package; fix the environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'TeamsPackageConfigError';
  }
}

/** RFC 4122 UUID v5 (SHA-1, name-based) of the bot id, so the Teams app id is stable for one bot. */
export function deriveTeamsAppId(botId: string): string {
  // Namespace: a fixed, arbitrary UUID reserved for Ponte Teams apps. Never change it: app ids would change.
  const namespace = Buffer.from('6f1c2a4e5b7d4c1f9a3e8b2d0c4f6a71', 'hex');
  const hash = createHash('sha1').update(namespace).update(botId.toLowerCase()).digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Validates the environment and fills in defaults. Throws TeamsPackageConfigError listing every problem. */
export function parseTeamsPackageEnv(env: Record<string, string | undefined>): TeamsPackageConfig {
  const parsed = teamsPackageEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new TeamsPackageConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'env'} ${issue.message}`));
  }
  const e = parsed.data;
  const domains = new Set<string>(e.TEAMS_VALID_DOMAINS ?? []);
  if (e.PUBLIC_BASE_URL) domains.add(new URL(e.PUBLIC_BASE_URL).host.toLowerCase());

  const website = e.TEAMS_DEVELOPER_WEBSITE_URL ?? DEFAULT_WEBSITE;
  const base = website.replace(/\/+$/, '');
  const botId = e.MICROSOFT_APP_ID.toLowerCase();
  return {
    botId,
    appId: (e.TEAMS_APP_ID ?? deriveTeamsAppId(botId)).toLowerCase(),
    version: e.TEAMS_APP_VERSION ?? '1.0.0',
    developer: {
      name: e.TEAMS_DEVELOPER_NAME ?? 'Ponte (PUOI)',
      websiteUrl: website,
      privacyUrl: e.TEAMS_PRIVACY_URL ?? `${base}/privacy`,
      termsOfUseUrl: e.TEAMS_TERMS_URL ?? `${base}/terms`,
      ...(e.TEAMS_MPN_ID ? { mpnId: e.TEAMS_MPN_ID } : {}),
    },
    accentColor: (e.TEAMS_ACCENT_COLOR ?? '#1D5FA8').toUpperCase(),
    validDomains: [...domains],
  };
}

const TEXT = {
  en: {
    short: 'Ponte',
    full: 'Ponte – assistant for the PUOI integration programme',
    descShort: 'Paths, internships and reports for the PUOI labour-integration programme.',
    descFull:
      'Ponte helps the people of the PUOI programme (Protezione Unita a Obiettivo Integrazione) for the social and labour integration of migrants. ' +
      'Beneficiaries see where they are in their path, their next step and appointment, and what the Italian words mean, in their own language. ' +
      'Tutors report hours per service area and internship status by message. ' +
      'Coordinators get reminders of what is late and reports by province, status, sector and outcome, as a message, a chart and a CSV file.',
  },
  it: {
    short: 'Ponte',
    full: 'Ponte – assistente per il programma PUOI',
    descShort: "Percorsi, tirocini e report del programma PUOI per l'integrazione lavorativa.",
    descFull:
      "Ponte accompagna le persone del programma PUOI (Protezione Unita a Obiettivo Integrazione) per l'integrazione sociale e lavorativa dei migranti. " +
      'I destinatari vedono a che punto è il loro percorso, il prossimo passo e appuntamento, e cosa significano le parole (DID, Patto di Servizio, PFI, Nulla Osta) nella propria lingua. ' +
      'I tutor comunicano ore per area di servizio e stato del tirocinio con un messaggio. ' +
      'I coordinatori ricevono promemoria su ciò che è in ritardo e report per provincia, stato, settore ed esito, come messaggio, grafico e file CSV.',
  },
} as const;

const COMMANDS = [
  { title: 'menu', description: 'Show what I can do' },
  { title: 'help', description: 'How to use Ponte' },
  { title: 'language', description: 'Change language' },
  { title: 'cancel', description: 'Stop what we are doing' },
];

/** The Teams app manifest (schema 1.17) for the given configuration. */
export function buildManifest(config: TeamsPackageConfig) {
  return {
    $schema: TEAMS_MANIFEST_SCHEMA,
    manifestVersion: TEAMS_MANIFEST_VERSION,
    version: config.version,
    id: config.appId,
    localizationInfo: { defaultLanguageTag: 'en-us', additionalLanguages: [{ languageTag: 'it-it', file: 'it-it.json' }] },
    developer: config.developer,
    name: { short: TEXT.en.short, full: TEXT.en.full },
    description: { short: TEXT.en.descShort, full: TEXT.en.descFull },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: config.accentColor,
    bots: [
      {
        botId: config.botId,
        // Personal only: Ponte shows people's data, and a team or group chat is never the place for it.
        scopes: ['personal'],
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: [{ scopes: ['personal'], commands: COMMANDS }],
      },
    ],
    permissions: ['identity'],
    validDomains: config.validDomains,
  };
}

export type TeamsManifest = ReturnType<typeof buildManifest>;

function italianLocalization() {
  return {
    $schema: TEAMS_LOCALIZATION_SCHEMA,
    'name.short': TEXT.it.short,
    'name.full': TEXT.it.full,
    'description.short': TEXT.it.descShort,
    'description.full': TEXT.it.descFull,
  };
}

/** Draws the Ponte bridge symbol (deck, arch, hangers, piers) in a box of side `size` at (x, y). */
function drawBridge(ctx: SKRSContext2D, x: number, y: number, size: number, color: string): void {
  const u = (v: number) => v * size;
  ctx.save();
  ctx.translate(x, y);
  ctx.fillStyle = color;
  ctx.strokeStyle = color;
  ctx.lineCap = 'round';
  // arch
  ctx.lineWidth = u(0.09);
  ctx.beginPath();
  ctx.moveTo(u(0.14), u(0.62));
  ctx.quadraticCurveTo(u(0.5), u(0.06), u(0.86), u(0.62));
  ctx.stroke();
  // hangers between arch and deck
  ctx.lineWidth = u(0.055);
  for (const hx of [0.32, 0.5, 0.68]) {
    const t = (hx - 0.14) / 0.72;
    const archY = (1 - t) ** 2 * 0.62 + 2 * (1 - t) * t * 0.06 + t ** 2 * 0.62;
    ctx.beginPath();
    ctx.moveTo(u(hx), u(archY + 0.03));
    ctx.lineTo(u(hx), u(0.6));
    ctx.stroke();
  }
  // deck
  ctx.fillRect(u(0.04), u(0.6), u(0.92), u(0.1));
  // piers
  ctx.fillRect(u(0.1), u(0.6), u(0.1), u(0.3));
  ctx.fillRect(u(0.8), u(0.6), u(0.1), u(0.3));
  ctx.restore();
}

/** Renders the two Teams icons: 192×192 colour on the accent colour, 32×32 pure white on transparent. */
export async function renderTeamsIcons(accentColor: string): Promise<{ color: Buffer; outline: Buffer }> {
  const colorCanvas = createCanvas(192, 192);
  const c = colorCanvas.getContext('2d');
  c.fillStyle = accentColor;
  c.fillRect(0, 0, 192, 192);
  drawBridge(c, 40, 36, 112, '#FFFFFF');
  const color = await colorCanvas.encode('png');

  const outlineCanvas = createCanvas(32, 32);
  const o = outlineCanvas.getContext('2d');
  o.clearRect(0, 0, 32, 32);
  drawBridge(o, 1, 1, 30, '#FFFFFF');
  // Teams requires only white and transparent pixels: force RGB to white, keep the anti-aliased alpha.
  const img = o.getImageData(0, 0, 32, 32);
  for (let i = 0; i < img.data.length; i += 4) {
    img.data[i] = 255;
    img.data[i + 1] = 255;
    img.data[i + 2] = 255;
  }
  o.putImageData(img, 0, 0);
  const outline = await outlineCanvas.encode('png');
  return { color, outline };
}

export interface TeamsPackageResult {
  zipPath: string;
  files: Array<{ name: string; bytes: number }>;
  manifest: TeamsManifest;
}

/** Validates `env`, renders the icons and writes `<outDir>/ponte-teams.zip`. */
export async function buildTeamsPackage(env: Record<string, string | undefined>, outDir: string): Promise<TeamsPackageResult> {
  const config = parseTeamsPackageEnv(env);
  const manifest = buildManifest(config);
  const icons = await renderTeamsIcons(config.accentColor);
  const entries: Record<string, Uint8Array> = {
    'manifest.json': strToU8(`${JSON.stringify(manifest, null, 2)}\n`),
    'it-it.json': strToU8(`${JSON.stringify(italianLocalization(), null, 2)}\n`),
    'color.png': new Uint8Array(icons.color),
    'outline.png': new Uint8Array(icons.outline),
  };
  // A fixed timestamp keeps the zip byte-identical for the same input.
  const zip = zipSync(entries, { level: 9, mtime: new Date('2024-01-01T00:00:00Z') });
  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, TEAMS_ZIP_NAME);
  writeFileSync(zipPath, zip);
  return { zipPath, files: Object.entries(entries).map(([name, data]) => ({ name, bytes: data.length })), manifest };
}

async function main(): Promise<void> {
  try {
    const result = await buildTeamsPackage(process.env, resolve(process.cwd(), 'dist'));
    console.log(`Teams app package written to ${result.zipPath}`);
    console.log(`  app id ${result.manifest.id}, version ${result.manifest.version}, bot ${result.manifest.bots[0]!.botId}`);
    for (const file of result.files) console.log(`  ${file.name.padEnd(14)} ${file.bytes} bytes`);
    console.log('Upload it in Teams: Apps → Manage your apps → Upload an app.');
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  void main();
}
