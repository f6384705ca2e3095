/**
 * The coordinator's side of Ponte: a "Reports" menu (five reports, each a message with a PNG chart and a
 * CSV file, cut to the coordinator's region or provinces), "Summary now" (the weekly digest on demand),
 * and the renderers of the digests and of the "beneficiary unreachable" notice sent through the outbox.
 */
import type { FeatureModule, PromptChoice, TurnContext } from '../conversation/flow';
import { encodeGlobal } from '../conversation/action-data';
import type { AuditLog } from '../ports/audit';
import type { OutboxRenderer, RenderContext } from '../ports/outbox';
import type { TranslationParams } from '../ports/translator';
import { localDate } from '../time/zoned-time';
import type { DigestKind, DigestSource } from '../digests/digest.ports';
import { formatInstant, renderDigest } from '../digests/digest.render';
import { DIGEST_OUTBOX_KINDS } from '../digests/digest.planner';
import { buildReport } from '../reports/report.build';
import { REPORT_KINDS, type ChartRenderer, type ReportKind, type ReportSource } from '../reports/report.ports';
import { scopeLabel, type CoordinatorScope } from './coordinator-scope';

export const COORDINATOR_FLOWS = { reports: 'coordinator.reports', digest: 'coordinator.digest' } as const;

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

export function createCoordinatorModule(deps: CoordinatorDeps): FeatureModule {
  async function digestFor(personId: string, kind: DigestKind, lang: string, timezone: string, now: Date, t: Translate) {
    const scope = await deps.directory.scopeOf(personId);
    if (!scope) return null;
    const today = localDate(now, timezone);
    const facts = await deps.digests.facts({ scope, kind, now, today });
    return renderDigest(t, facts, { kind, today, lang, timezone, scopeLabel: scopeLabel(scope) });
  }

  const digestRenderer = (kind: DigestKind): OutboxRenderer => ({
    kind: DIGEST_OUTBOX_KINDS[kind],
    render: (ctx: RenderContext) => digestFor(ctx.recipient.id, kind, ctx.lang, ctx.recipient.timezone, ctx.now, ctx.t),
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
              const messages = await digestFor(person.id, 'weekly', ctx.lang, person.timezone, ctx.now, ctx.t);
              await deps.audit.record({ at: ctx.now, actorId: person.id, action: 'digest_viewed', subjectType: 'digest', subjectId: 'weekly' });
              return { say: messages ?? [{ text: ctx.t('common:errors.notAllowed') }], next: { to: 'menu' } };
            },
            prompt: (ctx) => ({ text: ctx.t('coordinator:menu.digest') }),
          },
        },
      },
    ],
    renderers: [digestRenderer('weekly'), digestRenderer('daily'), unreachableRenderer],
  };
}
