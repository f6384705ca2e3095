/** Coordinator scopes and the people named in notices, from Prisma. */
import type { PrismaClient } from '@prisma/client';
import type { CoordinatorDirectory } from '../../core/coordinator/coordinator.module';
import type { CoordinatorScope } from '../../core/coordinator/coordinator-scope';
import { loadCoordinatorScope } from './scope.repository';

export class PrismaCoordinatorDirectory implements CoordinatorDirectory {
  constructor(private readonly prisma: PrismaClient) {}

  scopeOf(personId: string): Promise<CoordinatorScope | null> {
    return loadCoordinatorScope(this.prisma, personId);
  }

  async person(personId: string) {
    const p = await this.prisma.person.findFirst({
      where: { id: personId, erasedAt: null },
      select: { code: true, fullName: true, profile: { select: { tutor: { select: { fullName: true, phone: true, erasedAt: true } } } } },
    });
    if (!p) return null;
    const tutor = p.profile?.tutor && !p.profile.tutor.erasedAt ? p.profile.tutor : null;
    return { code: p.code, fullName: p.fullName, tutorName: tutor?.fullName ?? null, tutorPhone: tutor?.phone ?? null };
  }
}
