/**
 * Prisma side of hour entries. A save re-reads the path's counted entries inside its transaction
 * and refuses (conflict) if they are not the ones the rules were checked against, so two reports
 * racing for the last hours of a cap cannot both pass. Undo, replace and corrections void rows, never
 * delete them: the trail keeps what was reported.
 */
import type { PrismaClient } from '@prisma/client';
import { z } from 'zod';
import { SERVICE_AREAS, type ServiceArea } from '../../core/programme/programme';
import type { PhaseRow } from '../../core/tutor/path-phases';
import type { AuditEntry } from '../../core/ports/audit';
import type { HourEntryRecord, HourStore, NewHourEntry } from '../../core/tutor/tutor.ports';
import { auditIn, writePhases } from './tutor.repository';

const areaSchema = z.enum(SERVICE_AREAS);
const replacedSchema = z.object({ replaced: z.array(z.string()).default([]) });

export class PrismaHourStore implements HourStore {
  constructor(private readonly prisma: PrismaClient) {}

  async save(e: NewHourEntry): Promise<{ ok: true; id: string } | { ok: false; reason: 'conflict' }> {
    return this.prisma.$transaction(async (tx) => {
      const active = await tx.hourEntry.findMany({ where: { pathId: e.pathId, voidedAt: null }, select: { id: true } });
      const now = new Set(active.map((a) => a.id));
      if (now.size !== e.expectedActiveIds.length || e.expectedActiveIds.some((id) => !now.has(id))) return { ok: false, reason: 'conflict' } as const;
      if (e.voidIds.length) await tx.hourEntry.updateMany({ where: { id: { in: e.voidIds }, voidedAt: null }, data: { voidedAt: e.now } });
      // The phase these hours start (or start earlier): "My path" says so from this commit on.
      if (e.phase) await writePhases(tx, e.pathId, [e.phase]);
      const row = await tx.hourEntry.create({
        data: { pathId: e.pathId, area: e.area, date: e.date, hours: e.hours, note: e.note ?? null, reportedById: e.reportedById, createdAt: e.now },
      });
      await auditIn(tx, { ...e.audit, subjectId: row.id });
      return { ok: true, id: row.id } as const;
    });
  }

  async lastBy(reporterId: string): Promise<HourEntryRecord | null> {
    // "One's last report" is the last one made through Ponte, which its audit entry records; rows
    // loaded by an import or the seed have no such entry and are never anyone's report to undo.
    const event = await this.prisma.auditEvent.findFirst({
      where: { actorId: reporterId, subjectType: 'hour_entry', action: { in: ['hours_reported', 'hours_replaced'] } },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
    });
    return event?.subjectId ? this.get(event.subjectId) : null;
  }

  async get(entryId: string): Promise<HourEntryRecord | null> {
    const row = await this.prisma.hourEntry.findUnique({ where: { id: entryId }, include: { path: true } });
    return row ? this.toRecord(row) : null;
  }

  async undo(input: { entryId: string; restoreIds: string[]; now: Date; audit: AuditEntry }): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const res = await tx.hourEntry.updateMany({ where: { id: input.entryId, voidedAt: null }, data: { voidedAt: input.now } });
      if (res.count !== 1) return false;
      if (input.restoreIds.length) await tx.hourEntry.updateMany({ where: { id: { in: input.restoreIds } }, data: { voidedAt: null } });
      await auditIn(tx, input.audit);
      return true;
    });
  }

  async recentEntries(pathId: string, since: string, offset: number, limit: number): Promise<{ rows: HourEntryRecord[]; total: number }> {
    const where = { pathId, voidedAt: null, date: { gte: since } };
    // One after the other: inside a turn both run on the turn's one connection (see unit-of-work.ts).
    const total = await this.prisma.hourEntry.count({ where });
    const rows = await this.prisma.hourEntry.findMany({ where, orderBy: [{ date: 'desc' }, { createdAt: 'desc' }, { id: 'asc' }], skip: offset, take: limit, include: { path: { select: { beneficiaryId: true } } } });
    // A list row needs no replaced ids (that is for undo): no audit read per row.
    return { rows: rows.map((r) => this.plainRecord(r, [])), total };
  }

  async correct(input: { entryId: string; replacement: { area: ServiceArea; date: string; hours: number } | null; reportedById: string; now: Date; expectedActiveIds: string[]; phase?: PhaseRow; audit: AuditEntry }): Promise<{ ok: true; id: string | null } | { ok: false; reason: 'conflict' | 'gone' }> {
    return this.prisma.$transaction(async (tx) => {
      const old = await tx.hourEntry.findUnique({ where: { id: input.entryId } });
      if (!old || old.voidedAt) return { ok: false, reason: 'gone' } as const;
      const active = await tx.hourEntry.findMany({ where: { pathId: old.pathId, voidedAt: null }, select: { id: true } });
      const now = new Set(active.map((a) => a.id));
      if (now.size !== input.expectedActiveIds.length || input.expectedActiveIds.some((id) => !now.has(id))) return { ok: false, reason: 'conflict' } as const;
      await tx.hourEntry.update({ where: { id: old.id }, data: { voidedAt: input.now } });
      let id: string | null = null;
      if (input.replacement) {
        const r = input.replacement;
        id = (await tx.hourEntry.create({ data: { pathId: old.pathId, area: r.area, date: r.date, hours: r.hours, note: old.note, reportedById: input.reportedById, createdAt: input.now } })).id;
      }
      if (input.phase) await writePhases(tx, old.pathId, [input.phase]);
      await auditIn(tx, { ...input.audit, detail: { ...(input.audit.detail ?? {}), newEntryId: id } });
      return { ok: true, id } as const;
    });
  }

  private plainRecord(row: { id: string; pathId: string; area: string; date: string; hours: number; reportedById: string | null; createdAt: Date; voidedAt: Date | null; path: { beneficiaryId: string } }, replacedIds: string[]): HourEntryRecord {
    return { id: row.id, pathId: row.pathId, beneficiaryId: row.path.beneficiaryId, area: areaSchema.parse(row.area), date: row.date, hours: row.hours, reportedById: row.reportedById, createdAt: row.createdAt, voidedAt: row.voidedAt, replacedIds };
  }

  private async toRecord(row: { id: string; pathId: string; area: string; date: string; hours: number; reportedById: string | null; createdAt: Date; voidedAt: Date | null; path: { beneficiaryId: string } }): Promise<HourEntryRecord> {
    // Which entries this one replaced is in its own audit entry (written in the same transaction).
    const event = await this.prisma.auditEvent.findFirst({ where: { subjectType: 'hour_entry', subjectId: row.id, action: { in: ['hours_reported', 'hours_replaced'] } } });
    const parsed = replacedSchema.safeParse(event ? JSON.parse(event.detailJson) : {});
    return this.plainRecord(row, parsed.success ? parsed.data.replaced : []);
  }
}
