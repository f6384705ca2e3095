/**
 * `npm run seed -- --demo [--scale national] [--json]`: loads a demo programme into DATABASE_URL
 * (idempotent). With --json it prints only invite codes, as JSON, for scripts and tests; progress of
 * the national seed goes to stderr, so stdout stays JSON.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../bot/config';
import { openDatabase } from '../bot/storage/database';
import { seedDemo } from '../bot/seed/demo.seed';
import { seedNational } from '../bot/seed/national.seed';

const USAGE = `Usage: npm run seed -- --demo [--scale piemonte|national] [--json]
  --demo            load a demo programme
  --scale piemonte  (default) PUOI in Piemonte: 5 entities, 5 tutors, a coordinator, 36 beneficiaries
  --scale national  PUOI in all of Italy: 429 entities in every province, ~700 tutors, a coordinator per
                    region and a national one, 4,500 beneficiaries (takes a few seconds)
  --json            print unused invite codes as JSON (national: a sample per role)`;

const { values } = parseArgs({ options: { demo: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, scale: { type: 'string', default: 'piemonte' } } });
if (!values.demo || !['piemonte', 'national'].includes(values.scale)) {
  console.error(USAGE);
  process.exit(2);
}
const config = loadConfig();
const db = await openDatabase(config.DATABASE_URL);
try {
  const started = performance.now();
  const national = values.scale === 'national';
  const codes = national ? await seedNational(db.prisma, { now: new Date(), progress: (line) => console.error(line) }) : await seedDemo(db.prisma, { now: new Date() });
  if (values.json) {
    const { beneficiary, tutor, coordinator, admin, caseload } = codes;
    console.log(JSON.stringify({ beneficiary, tutor, coordinator, admin, caseload }, null, 2));
  } else {
    console.log(`${national ? 'National' : 'Demo'} programme ready in ${db.location} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    console.log(`Beneficiary codes: ${codes.beneficiary.slice(0, 3).join(', ')}${national ? ' (a sample)' : ` … (${codes.beneficiary.length})`}`);
    console.log(`Tutor codes: ${codes.tutor.join(', ')}`);
    console.log(`Coordinator code${codes.coordinator.length > 1 ? 's (national, Piemonte, Lombardia)' : ''}: ${codes.coordinator.join(', ')}   Admin code: ${codes.admin.join(', ')}`);
  }
} finally {
  await db.close();
}
