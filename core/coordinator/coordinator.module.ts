/**
 * The coordinator's side of Ponte: a "Reports" menu (five reports, each a message with a PNG chart and a
 * CSV file, cut to the coordinator's region or provinces), "Summary now" (the weekly digest on demand,
 * its full lists as CSV and as paged, searchable lists in the chat), and the renderers of the digests
 * and of the "beneficiary unreachable" notice sent through the outbox.
 */
import type { FeatureModule, PromptChoice, TurnContext } from '../conversation/flow';
import { encodeGlobal } from '../conversation/action-data';
import type { OutgoingMessage } from '../messages';
import type { AuditLog } from '../ports/audit';
import type { OutboxRenderer, RenderContext } from '../ports/outbox';
import type { TranslationParams } from '../ports/translator';
import { localDate } from '../time/zoned-time';
import { blocksOf, digestFacts, type DigestBlock, type DigestKind, type DigestQuery, type DigestSource } from '../digests/digest.ports';
import { formatInstant, MAX_LINES, renderDigest } from '../digests/digest.render';
import { digestCsvFiles } from '../digests/digest.csv';
import { DIGEST_OUTBOX_KINDS } from '../digests/digest.planner';
import { buildReport } from '../reports/report.build';
import { REPORT_KINDS, type ChartRenderer, type ReportKind, type ReportSource } from '../reports/report.ports';
import { scopeLabel, type CoordinatorScope } from './coordinator-scope';
import { digestListSteps } from './digest-lists';

export const COORDINATOR_FLOWS = { reports: 'coordinator.reports', digest: 'coordinator.digest' } as const;
/** GlobalAction prefix of the "full lists" button under a digest sent earlier: `cl:<weekly|daily>`. */
export const LISTS_ACTION_PREFIX = 'cl';

export interface CoordinatorDirectory {
  /** The coordinator's scope, or null if the person is not a coordinator (any more). */
  scopeOf(personId: string): Promise<CoordinatorScope | null>;
  /** A person named in a notice, with their tutor; null if erased. */
  person(personId: string): Promise<{ code: string; fullName: string; tutorName: string | null; tutorPhone: string | null } | null>;
}

export interface CoordinatorDeps {
  directory: CoordinatorDirectory;
  digests: DigestSource;
  reports: ReportSource;
  charts: ChartRenderer;
  audit: AuditLog;
}

type Translate = (key: string, params?: TranslationParams) => string;
interface Digest {
  messages: OutgoingMessage[];
  counts: Partial<Record<DigestBlock, number>>;
}

export function createCoordinatorModule(deps: CoordinatorDeps): FeatureModule {
  async function queryOf(personId: string, kind: DigestKind, timezone: string, now: Date): Promise<DigestQuery | null> {
    const scope = await deps.directory.scopeOf(personId);
    return scope ? { scope, kind, now, today: localDate(now, timezone) } : null;
  }

  /** The digest's messages (the last one carries the CSV files of the full lists), or null (not a coordinator; an empty daily digest). */
  async function digestFor(personId: string, kind: DigestKind, lang: string, timezone: string, now: Date, t: Translate): Promise<Digest | null> {
    const q = await queryOf(personId, kind, timezone, now);
    if (!q) return null;
    const facts = await digestFacts(deps.digests, q, MAX_LINES);
    const messages = renderDigest(t, facts, { kind, today: q.today, lang, timezone, scopeLabel: scopeLabel(q.scope) });
    if (!messages) return null;
    const counts = Object.fromEntries(blocksOf(kind).map((b) => [b, facts[b].units ?? facts[b].total]));
    const files = await digestCsvFiles(t, deps.digests, q, { lang, timezone });
    // One file per message, so no message outgrows Teams' limit; the text says what the files are.
    files.forEach((file, i) => messages.push({ text: i === 0 ? t('coordinator:digest.attached', { count: files.length }) : '', attachments: [file] }));
    return { messages, counts };
  }

  const digestRenderer = (kind: DigestKind): OutboxRenderer => ({
    kind: DIGEST_OUTBOX_KINDS[kind],
    async render(ctx: RenderContext) {
      const digest = await digestFor(ctx.recipient.id, kind, ctx.lang, ctx.recipient.timezone, ctx.now, ctx.t);
      if (!digest) return null;
      const last = digest.messages[digest.messages.length - 1]!;
      const lists: PromptChoice[] = Object.values(digest.counts).some((n) => (n ?? 0) > 0) ? [{ label: ctx.t('coordinator:lists.button'), value: `${LISTS_ACTION_PREFIX}:${kind}` }] : [];
      // Buttons on the last message: Teams shows suggested actions only there.
      last.choices = [...lists.map((c) => [{ label: c.label, data: c.value }]), [{ label: ctx.t('common:nav.menu'), data: encodeGlobal('menu') }]];
      return digest.messages;
    },
  });

  const unreachableRenderer: OutboxRenderer = {
    kind: 'unreachable_notice',
    async render(ctx, payload) {
      const personId = typeof payload.personId === 'string' ? payload.personId : undefined;
      const p = personId ? await deps.directory.person(personId) : null;
      if (!p) return null;
      const at = typeof payload.at === 'string' ? new Date(payload.at) : ctx.now;
      const lines = [ctx.t('coordinator:unreachable.text', { name: p.fullName, code: p.code, channel: String(payload.channel ?? '-'), date: formatInstant(at, ctx.lang, ctx.recipient.timezone) })];
      lines.push(p.tutorName ? ctx.t('coordinator:unreachable.todoTutor', { tutor: p.tutorName, phone: p.tutorPhone ?? '-' }) : ctx.t('coordinator:unreachable.todo'));
      return [{ text: lines.join('\n'), choices: [[{ label: ctx.t('common:nav.menu'), data: encodeGlobal('menu') }]] }];
    },
  };

  async function sendReport(ctx: TurnContext, kind: ReportKind) {
    const scope = ctx.person ? await deps.directory.scopeOf(ctx.person.id) : null;
    if (!ctx.person || !scope) return { say: [{ text: ctx.t('common:errors.notAllowed') }], next: { to: 'menu' as const } };
    const report = await buildReport(kind, { t: ctx.t, lang: ctx.lang, today: localDate(ctx.now, ctx.person.timezone), scope, scopeLabel: scopeLabel(scope) }, deps.reports, deps.charts);
    // Reports show figures about people in a region: who looked at what is worth keeping.
    await deps.audit.record({ at: ctx.now, actorId: ctx.person.id, action: 'report_viewed', subjectType: 'report', subjectId: kind, detail: { region: scope.region, provinces: scope.provinces } });
    return { say: [report], next: { to: 'repeat' as const } };
  }

  const listSteps = digestListSteps({ digests: deps.digests, query: (ctx, kind) => (ctx.person ? queryOf(ctx.person.id, kind, ctx.person.timezone, ctx.now) : Promise.resolve(null)) });

  return {
    menu: [
      { role: 'coordinator', id: 'coord.reports', labelKey: 'coordinator:menu.reports', flow: COORDINATOR_FLOWS.reports, order: 10 },
      { role: 'coordinator', id: 'coord.digest', labelKey: 'coordinator:menu.digest', flow: COORDINATOR_FLOWS.digest, order: 20 },
    ],
    flows: [
      {
        id: COORDINATOR_FLOWS.reports,
        roles: ['coordinator'],
        steps: {
          start: {
            prompt: (ctx) => ({
              text: ctx.t('coordinator:reports.choose'),
              choices: REPORT_KINDS.map((k): PromptChoice[] => [{ label: ctx.t(`coordinator:reports.kind.${k}`), value: k }]),
              nav: true,
            }),
            onChoice: (ctx, value) => ((REPORT_KINDS as readonly string[]).includes(value) ? sendReport(ctx, value as ReportKind) : { next: { to: 'repeat' } }),
          },
        },
      },
      {
        id: COORDINATOR_FLOWS.digest,
        roles: ['coordinator'],
        steps: {
          start: {
            async enter(ctx) {
              const person = ctx.person!;
              const digest = await digestFor(person.id, 'weekly', ctx.lang, person.timezone, ctx.now, ctx.t);
              await deps.audit.record({ at: ctx.now, actorId: person.id, action: 'digest_viewed', subjectType: 'digest', subjectId: 'weekly' });
              if (!digest) return { say: [{ text: ctx.t('common:errors.notAllowed') }], next: { to: 'menu' } };
              return { say: digest.messages, next: { to: 'step', step: 'lists', data: { kind: 'weekly', counts: digest.counts } } };
            },
            prompt: (ctx) => ({ text: ctx.t('coordinator:menu.digest') }),
          },
          ...listSteps,
        },
      },
    ],
    actions: [
      {
        prefix: LISTS_ACTION_PREFIX,
        roles: ['coordinator'],
        handle: (_ctx, rest) => ({ next: { to: 'flow', flow: COORDINATOR_FLOWS.digest, step: 'lists', data: { kind: rest === 'daily' ? 'daily' : 'weekly' } } }),
      },
    ],
    renderers: [digestRenderer('weekly'), digestRenderer('daily'), unreachableRenderer],
  };
}
