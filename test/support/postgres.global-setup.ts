/**
 * vitest globalSetup of the `postgres` project: one PostgreSQL cluster for the whole run, with a template
 * database already migrated, so each test database is a cheap copy (test/support/test-database.ts).
 */
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../bot/storage/database';
import { startPostgresCluster } from './postgres-cluster';

export const TEMPLATE = 'ponte_template';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPostgresCluster();
  try {
    await cluster.admin(`CREATE DATABASE ${TEMPLATE}`);
    const db = await openDatabase(cluster.url(TEMPLATE));
    await db.close();
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  project.provide('postgres', { baseUrl: cluster.url(''), template: TEMPLATE });
  return () => cluster.stop();
}
