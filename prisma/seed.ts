/**
 * `npm run seed -- --demo [--json]`: loads the demo programme into DATABASE_URL (idempotent).
 * With --json it prints only the invite codes, as JSON, for scripts and tests.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../bot/config';
import { openDatabase } from '../bot/storage/database';
import { seedDemo } from '../bot/seed/demo.seed';

const { values } = parseArgs({ options: { demo: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } });
if (!values.demo) {
  console.error('Usage: npm run seed -- --demo [--json]\n  --demo  load the demo programme (PUOI in Piemonte: entities, tutors, a coordinator, 36 beneficiaries)\n  --json  print the unused invite codes as JSON');
  process.exit(2);
}
const config = loadConfig();
const db = await openDatabase(config.DATABASE_URL);
try {
  const codes = await seedDemo(db.prisma, { now: new Date() });
  if (values.json) {
    const { beneficiary, tutor, coordinator, admin, caseload } = codes;
    console.log(JSON.stringify({ beneficiary, tutor, coordinator, admin, caseload }, null, 2));
  } else {
    console.log(`Demo programme ready in ${db.file}`);
    console.log(`Beneficiary codes: ${codes.beneficiary.slice(0, 3).join(', ')} … (${codes.beneficiary.length})`);
    console.log(`Tutor codes: ${codes.tutor.join(', ')}`);
    console.log(`Coordinator code: ${codes.coordinator.join(', ')}   Admin code: ${codes.admin.join(', ')}`);
  }
} finally {
  await db.close();
}
