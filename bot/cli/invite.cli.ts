/**
 * `npm run invite -- --role coordinator --region Piemonte [--provinces Torino,Cuneo] [--name "…"]`
 * `npm run invite -- --role tutor --entity E-TO-01 --name "Giulia Ferrero"`
 * `npm run invite -- --person C-0001` (an existing person; --role only when they hold several roles)
 * Creates the person if needed, prints an invite code and how to use it. The region must be one of
 * Italy's (a typo is refused with a suggestion: a coordinator of "Piemnte" would see nothing), and the
 * provinces must be in it. Beneficiaries are invited by their tutor in the bot or imported
 * (`npm run import`), because they need a profile and a path; `--person B-…` gives an existing one a
 * new code.
 */
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../config';
import { openDatabase } from '../storage/database';
import { envWithDb } from '../storage/datasource';
import { INVITE_VALIDITY_DAYS, formatInviteCode, makeInviteCode } from '../../core/onboarding/invite-code';
import { findProvince, findRegion, provincesOf, REGIONS } from '../../core/programme/provinces';
import { ROLES, type Role } from '../../core/roles';
import { suggestion } from './suggest';

const argsSchema = z
  .object({
    role: z.enum(['coordinator', 'tutor', 'admin', 'beneficiary']).optional(),
    // One of Italy's regions, stored by its name: a typo would create a coordinator who sees nothing.
    region: z
      .string()
      .trim()
      .min(1)
      .transform((s, ctx) => findRegion(s) ?? (ctx.addIssue({ code: 'custom', message: `unknown region "${s}"${suggestion(s, REGIONS)}; the regions are: ${REGIONS.join(', ')}` }), z.NEVER))
      .optional(),
    provinces: z.string().optional().transform((s) => (s ? s.split(',').map((p) => p.trim()).filter(Boolean) : undefined)),
    name: z.string().trim().min(2).max(120).optional(),
    entity: z.string().trim().min(1).optional(),
    person: z.string().trim().min(1).optional(),
    language: z.string().regex(/^[a-z]{2}$/).default('it'),
    db: z.string().optional(),
  })
  .superRefine((a, ctx) => {
    if (!a.person && !a.role) ctx.addIssue({ code: 'custom', path: ['role'], message: 'say --role coordinator|tutor|admin (or --person <code> for someone who exists)' });
    if (!a.person && a.role === 'beneficiary') ctx.addIssue({ code: 'custom', path: ['role'], message: 'beneficiaries are invited by their tutor in the bot, or imported (npm run import); --person B-… gives a new code to one who exists' });
    if (a.person) return;
    if (a.role === 'tutor' && (!a.entity || !a.name)) ctx.addIssue({ code: 'custom', message: 'a new tutor needs --entity <code> and --name "<full name>"' });
    if (a.provinces && !a.region) ctx.addIssue({ code: 'custom', message: '--provinces needs --region' });
  })
  .transform((a, ctx) => {
    // Provinces by name or sigla, each of them in the region given.
    if (!a.provinces || !a.region) return { ...a, provinces: undefined };
    const names: string[] = [];
    for (const typed of a.provinces) {
      const p = findProvince(typed);
      if (!p) ctx.addIssue({ code: 'custom', path: ['provinces'], message: `unknown province "${typed}"${suggestion(typed, provincesOf(a.region).map((x) => x.name))}` });
      else if (p.region !== a.region) ctx.addIssue({ code: 'custom', path: ['provinces'], message: `${p.name} is in ${p.region}, not in ${a.region}` });
      else names.push(p.name);
    }
    return { ...a, provinces: names };
  });

const PREFIX = { coordinator: 'C', tutor: 'T', admin: 'A' } as const;

function fail(message: string): never {
  console.error(`invite: ${message}`);
  process.exit(1);
}

const { values } = parseArgs({
  options: { role: { type: 'string' }, region: { type: 'string' }, provinces: { type: 'string' }, name: { type: 'string' }, entity: { type: 'string' }, person: { type: 'string' }, language: { type: 'string' }, db: { type: 'string' } },
  allowPositionals: false,
});
const parsed = argsSchema.safeParse(values);
if (!parsed.success) fail(parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('\n  '));
const args = parsed.data;

const config = loadConfig(envWithDb(args.db));
const db = await openDatabase(config.DATABASE_URL);
const { prisma } = db;
const now = new Date();

async function nextCode(prefix: string): Promise<string> {
  const last = await prisma.person.findFirst({ where: { code: { startsWith: `${prefix}-` } }, orderBy: { code: 'desc' }, select: { code: true } });
  const n = last ? Number(last.code.slice(2)) + 1 : 1;
  return `${prefix}-${String(n).padStart(4, '0')}`;
}

try {
  const found = args.person ? await prisma.person.findUnique({ where: { code: args.person.toUpperCase() }, include: { roles: true } }) : null;
  if (args.person && !found) fail(`no person with code ${args.person}`);
  if (found?.erasedAt) fail(`${found.code}'s data was erased: no new invite`);
  // --person without --role: the role the person has, when there is one.
  const held = (found?.roles ?? []).map((r) => r.role).filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  const role: Role = args.role ?? (held.length === 1 ? held[0]! : fail(held.length === 0 ? `${args.person} has no role yet: say --role` : `${args.person} has several roles (${held.join(', ')}): say which with --role`));
  if (role === 'beneficiary' && !held.includes('beneficiary')) fail('only an existing beneficiary can get a code here (tutors invite them in the bot)');
  let created = false;
  let person = found as Omit<NonNullable<typeof found>, 'roles'> | null;
  if (!person) {
    const entity = args.entity ? await prisma.entity.findUnique({ where: { code: args.entity } }) : null;
    if (args.entity && !entity) fail(`no entity with code ${args.entity} (import entities first: npm run import -- entities <file.csv>)`);
    const fullName = args.name ?? (role === 'coordinator' ? `Coordinamento ${args.region ?? 'nazionale'}` : 'Amministrazione Ponte');
    person = await prisma.person.create({
      data: {
        code: await nextCode(PREFIX[role as keyof typeof PREFIX]),
        fullName,
        language: args.language,
        region: role === 'coordinator' ? (args.region ?? null) : null,
        provincesJson: args.provinces ? JSON.stringify(args.provinces) : null,
        entityId: entity?.id,
        roles: { create: [{ role }] },
      },
    });
    created = true;
  } else {
    await prisma.personRole.upsert({ where: { personId_role: { personId: person.id, role } }, create: { personId: person.id, role }, update: {} });
  }
  const code = makeInviteCode((n) => crypto.randomBytes(n));
  const expiresAt = new Date(now.getTime() + INVITE_VALIDITY_DAYS * 86_400_000);
  await prisma.$transaction([
    prisma.inviteCode.create({ data: { code, role: role, personId: person.id, expiresAt } }),
    prisma.auditEvent.create({ data: { at: now, actorId: null, action: 'invite_created', subjectType: 'person', subjectId: person.id, detailJson: JSON.stringify({ role: role, via: 'cli', personCreated: created }) } }),
  ]);
  const pretty = formatInviteCode(code);
  const scope = role === 'coordinator' ? ` · scope: ${person.region ?? 'national'}${person.provincesJson ? ` (${(JSON.parse(person.provincesJson) as string[]).join(', ')})` : ''}` : '';
  const bot = config.TELEGRAM_BOT_USERNAME;
  console.log(
    [
      `${created ? 'Created' : 'Found'} ${person.code} – ${person.fullName} (${role}${scope})`,
      '',
      `Invite code: ${pretty}   (valid until ${expiresAt.toISOString().slice(0, 10)}, single use)`,
      '',
      'How to use it:',
      bot ? `  • Telegram: open https://t.me/${bot}?start=${code}` : '  • Telegram: open the bot and write /start',
      '  • Teams: open the Ponte app and write "start"',
      '  • Terminal: npm run chat, then /start',
      `  Choose the language, accept the privacy notice, then type the code ${pretty}.`,
    ].join('\n'),
  );
} finally {
  await db.close();
}
