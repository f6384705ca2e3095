/**
 * "Delete my data" really erases: a beneficiary with a distinctive string in every personal field
 * talks to the bot over Telegram (webhook → real grammY → engine → Prisma on a real SQLite file),
 * writes to their tutor, gets an answer, declines an appointment with a reason, and the tutor keeps a
 * screen open that lists them. Then "Delete my data", and the raw bytes of ponte.db, ponte.db-wal and
 * ponte.db-shm are searched (UTF-8 and UTF-16) for every one of those strings.
 */
import fs from 'node:fs';
import { testProvider } from '../support/test-database';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createOutboxRuntime } from '../../bot/outbox/outbox.runtime';
import { startServerFixture, type ServerFixture } from './support/server.fixture';
import { deliverUpdate, telegramDriver } from './support/telegram.driver';

/** Each string exists once, in one field; none of them may survive the erasure anywhere on disk. */
const SECRET = {
  name: 'Qwertilde Zanzibarova',
  phone: '+39 351 246 8097',
  email: 'qwertilde.zanz@example.org',
  nationality: 'Ruritanian-Xq',
  message: 'Ho il diabete e prendo insulina, chiamami al numero nuovo',
  reply: 'Ricevuto, ne parliamo con il medico Ybbsitz',
  decline: 'Sono ricoverata in ospedale Vrrtovec',
  place: 'Ambulatorio Kvarnbergsvagen',
  address: 'Via Zzyzx Road 42',
  note: 'Portare referto glicemia Plitvicka',
  hourNote: 'Colloquio su permesso scaduto Hvalfjordur',
  ceaseNote: 'Interrotto per gravidanza Tjornuvik',
};

const TUTOR_CHAT = 91_001;
const BENEFICIARY_CHAT = 91_002;
const INVITE = 'QZ7K3M9P';

let f: ServerFixture;
let appointmentId = '';
let tutor: ReturnType<typeof telegramDriver>;
let me: ReturnType<typeof telegramDriver>;

beforeAll(async () => {
  f = await startServerFixture({ telegramMode: 'webhook' });
  const p = f.h.ponte.prisma;
  // The beneficiary as an import would create them (bot/cli/import), with an invite code.
  const tutor = await p.person.findUniqueOrThrow({ where: { code: 'T-0001' } });
  const programme = await p.programme.findFirstOrThrow({});
  const person = await p.person.create({ data: { code: 'B-9001', fullName: SECRET.name, phone: SECRET.phone, email: SECRET.email, roles: { create: { role: 'beneficiary' } } } });
  await p.beneficiaryProfile.create({ data: { personId: person.id, category: 'international_protection', province: 'Torino', entityId: tutor.entityId!, tutorId: tutor.id, nationality: SECRET.nationality } });
  const path = await p.path.create({ data: { beneficiaryId: person.id, programmeId: programme.id, startDate: '2026-09-01' } });
  await p.hourEntry.create({ data: { pathId: path.id, area: 'reception', date: '2026-09-02', hours: 2, note: SECRET.hourNote, reportedById: tutor.id } });
  await p.internship.create({ data: { pathId: path.id, status: 'ceased', ceaseReason: 'other', ceaseNote: SECRET.ceaseNote } });
  const appointment = await p.appointment.create({ data: { beneficiaryId: person.id, createdById: tutor.id, kind: 'tutoring', startsAt: new Date('2026-11-26T09:00:00Z'), place: SECRET.place, address: SECRET.address, note: SECRET.note } });
  appointmentId = appointment.id;
  await p.inviteCode.create({ data: { code: INVITE, role: 'beneficiary', personId: person.id, createdById: tutor.id, expiresAt: new Date('2026-12-31T00:00:00Z') } });
});
afterAll(async () => f?.close());

async function onboard(chat: ReturnType<typeof telegramDriver>, code: string) {
  await chat.say('/start');
  await chat.press('English');
  await chat.press('I agree');
  return chat.say(code);
}

const drain = () => createOutboxRuntime(f.h.ponte, { senders: { telegram: f.server.telegram!.sender }, sleep: async (ms) => f.h.clock.advance(ms) }).dispatcher.drain();

// The raw files exist on SQLite only; on PostgreSQL the rows are checked, and the tables vacuumed.
const onSqlite = testProvider() === 'sqlite';
const dbFile = () => f.h.ponte.db.file!;
const FILES = () => ['', '-wal', '-shm'].map((suffix) => `${dbFile()}${suffix}`);
function utf16be(s: string): Buffer {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
}
/** Which secrets can be read in the raw database files, and in which file. */
function readable(): string[] {
  const found: string[] = [];
  for (const file of FILES()) {
    if (!fs.existsSync(file)) continue;
    const bytes = fs.readFileSync(file);
    for (const [field, value] of Object.entries(SECRET)) {
      for (const needle of [Buffer.from(value, 'utf8'), Buffer.from(value, 'utf16le'), utf16be(value)]) if (bytes.includes(needle)) found.push(`${field} in ${file.slice(dbFile().length) || '.db'}`);
    }
  }
  return [...new Set(found)];
}

it('the conversation stores every personal string (so the search below can find them)', async () => {
  tutor = telegramDriver(f, TUTOR_CHAT, 'webhook');
  await onboard(tutor, f.h.demo!.tutor[0]!);
  me = telegramDriver(f, BENEFICIARY_CHAT, 'webhook');
  expect((await onboard(me, INVITE)).texts.join('\n')).toContain('Qwertilde');

  await me.press('Write to my tutor');
  await me.say(SECRET.message);
  await drain();
  expect(f.tg.sent(TUTOR_CHAT).some((c) => String(c.params.text).includes(SECRET.message))).toBe(true);

  await tutor.say('/menu');
  await tutor.press('Messages from beneficiaries');
  await tutor.press(/Qwertilde/);
  await tutor.press('Reply');
  await tutor.say(SECRET.reply);
  await drain();
  expect(f.tg.sent(BENEFICIARY_CHAT).some((c) => String(c.params.text).includes(SECRET.reply))).toBe(true);

  // "I can't come", with a reason (the button of a reminder, pressed in the private chat).
  await deliverUpdate(f, f.tg.callbackUpdate(BENEFICIARY_CHAT, `ap:d:${appointmentId}`, 1, { languageCode: 'en' }), 'webhook');
  await me.say(SECRET.decline);
  expect((await f.h.ponte.prisma.appointment.findUniqueOrThrow({ where: { id: appointmentId } })).declineReason).toBe(SECRET.decline);

  // The tutor leaves a screen open that quotes the beneficiary (their name on a button).
  await tutor.say('/menu');
  await tutor.press('My beneficiaries');
  const tutorScreen = await f.h.ponte.prisma.conversationState.findFirstOrThrow({ where: { channel: 'telegram', chatId: String(TUTOR_CHAT) } });
  expect(tutorScreen.dataJson).toContain('Qwertilde');

  await me.say('/menu');
  await me.press('My data');
  await me.press('Download my data');
  if (onSqlite) expect(readable()).toEqual(expect.arrayContaining(Object.keys(SECRET).map((field) => expect.stringContaining(field))));
});

it('after "Delete my data" none of them can be found in ponte.db, its WAL or its shared memory file', async () => {
  await me.press('Delete my data');
  const done = await me.press('Yes, delete my data');
  expect(done.texts.join('\n')).toContain('Your data have been deleted');
  expect(await f.h.ponte.walCheckpointer.request()).toBe(true);

  if (onSqlite) {
    expect(readable()).toEqual([]);
    expect(fs.statSync(`${dbFile()}-wal`).size).toBe(0);
  }

  const p = f.h.ponte.prisma;
  const person = await p.person.findUniqueOrThrow({ where: { code: 'B-9001' } });
  expect(person).toMatchObject({ fullName: '—', phone: null, email: null });
  expect(person.erasedAt).not.toBeNull();
  // Hours stay for the programme's totals, under the pseudonymous code.
  expect(await p.hourEntry.count({ where: { path: { beneficiaryId: person.id } } })).toBe(1);
  expect(await p.channelAccount.count({ where: { externalId: String(BENEFICIARY_CHAT) } })).toBe(0);
  expect(await p.outboxMessage.count({ where: { personId: person.id } })).toBe(0);
  // The tutor's open screen was reset; the tutor simply lands on the menu next time.
  expect(await p.conversationState.count({ where: { chatId: String(TUTOR_CHAT) } })).toBe(0);
  expect((await tutor.say('/menu')).texts.join('\n')).not.toContain('Qwertilde');
  // The audit keeps the code and counts, never the name.
  const audit = await p.auditEvent.findFirstOrThrow({ where: { action: 'data_erased' } });
  expect(JSON.parse(audit.detailJson)).toMatchObject({ code: 'B-9001', deletedMessages: 2, deletedAppointments: 1 });
});
