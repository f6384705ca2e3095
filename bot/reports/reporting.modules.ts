/** The feature modules of issue 6 (coordinator reports and digests, tutor reminders), wired to Prisma. */
import type { PrismaClient } from '@prisma/client';
import type { FeatureModule } from '../../core/conversation/flow';
import type { AuditLog } from '../../core/ports/audit';
import { createCoordinatorModule } from '../../core/coordinator/coordinator.module';
import { createTutorRemindersModule } from '../../core/digests/tutor-reminders';
import { PrismaCoordinatorDirectory } from './coordinator.directory';
import { PrismaDigestSource } from './digest.repository';
import { PrismaReportSource } from './report.repository';
import { PrismaTutorReminderSource } from './tutor-reminders.repository';
import { skiaCharts } from './chart.adapter';

export function createReportingModules(prisma: PrismaClient, audit: AuditLog): FeatureModule[] {
  return [
    createCoordinatorModule({ directory: new PrismaCoordinatorDirectory(prisma), digests: new PrismaDigestSource(prisma), reports: new PrismaReportSource(prisma), charts: skiaCharts, audit }),
    createTutorRemindersModule(new PrismaTutorReminderSource(prisma)),
  ];
}
