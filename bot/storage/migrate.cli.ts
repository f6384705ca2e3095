/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (default file:./data/ponte.db). */
import { loadConfig } from '../config';
import { openDatabase } from './database';

const config = loadConfig();
const db = await openDatabase(config.DATABASE_URL);
console.log(db.migrations.applied.length ? `Applied: ${db.migrations.applied.join(', ')}` : 'Database is up to date.');
console.log(`Database: ${db.location}`);
await db.close();
