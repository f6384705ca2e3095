/**
 * "Delete my data" in the database, in one transaction: every place that can hold the person's name,
 * phone, e-mail, nationality, message texts or decline reasons is deleted or blanked, including other
 * people's open screens that quote them. Hour entries and statuses stay (anonymous, under the
 * pseudonymous code) for the programme's figures. With `PRAGMA secure_delete` (bot/storage/database)
 * the freed bytes are zeroed; the WAL copy of the old pages goes with the checkpoint that follows
 * (wal-checkpoint.ts).
 */
import type { Prisma } from '@prisma/client';
import type { EraseResult } from '../../core/beneficiary/beneficiary.ports';

/** What an erased person's name becomes: their pseudonymous code stays, so reports still add up. */
export const ERASED_NAME = '—';

/** The raw and the JSON-escaped form: screens are stored as JSON, where a quote or a backslash is escaped. */
const forms = (s: string) => [...new Set([s, JSON.stringify(s).slice(1, -1)])];

export async function erasePersonIn(tx: Prisma.TransactionClient, personId: string, now: Date): Promise<EraseResult> {
  const person = await tx.person.findUniqueOrThrow({ where: { id: personId }, select: { fullName: true, code: true, phone: true, email: true, profile: { select: { nationality: true } } } });
  const messages = await tx.relayMessage.findMany({ where: { OR: [{ fromId: personId }, { toId: personId }] }, select: { id: true, text: true } });
  const appointments = await tx.appointment.findMany({ where: { beneficiaryId: personId }, select: { id: true, declineReason: true, note: true, place: true, address: true } });
  const accounts = await tx.channelAccount.findMany({ where: { personId }, select: { id: true, channel: true, chatId: true } });

  // Outbox rows to them, and rows to others about their messages and appointments: deleted, whatever
  // their state (a row being sent right now just finds nothing to update afterwards).
  const prefixes = [...messages.map((m) => `relay:${m.id}`), ...appointments.flatMap((a) => [`appointment:${a.id}:`, `appointment-declined:${a.id}:`])];
  // Replies are addressed to a chat: those queued before the chat was linked carry no person id.
  const chats = accounts.map((a) => ({ kind: 'reply', channel: a.channel, chatId: a.chatId }));
  const outboxWhere = { OR: [{ personId }, ...chats, ...prefixes.map((k) => ({ key: { startsWith: k } }))] };
  const outboxKeys = (await tx.outboxMessage.findMany({ where: outboxWhere, select: { key: true } })).map((r) => r.key);
  await tx.deliveryRecord.deleteMany({ where: { OR: [{ outboxKey: { in: outboxKeys } }, { accountId: { in: accounts.map((a) => a.id) } }] } });
  await tx.outboxMessage.deleteMany({ where: outboxWhere });

  await tx.relayMessage.deleteMany({ where: { id: { in: messages.map((m) => m.id) } } });
  await tx.appointment.deleteMany({ where: { beneficiaryId: personId } });
  await tx.inviteCode.deleteMany({ where: { personId } });

  // Their own chats, and every other chat whose open screen quotes them (a tutor's inbox, a picker):
  // those restart at their menu rather than keep a name or a message after the erasure.
  for (const a of accounts) await tx.conversationState.deleteMany({ where: { channel: a.channel, chatId: a.chatId } });
  const quoted = [
    ...[personId, person.code, person.fullName, person.phone, person.email, person.profile?.nationality],
    ...messages.flatMap((m) => [m.id, m.text]),
    ...appointments.flatMap((a) => [a.id, a.declineReason, a.note, a.place, a.address]),
  ]
    .filter((s): s is string => !!s && s.trim().length >= 3)
    .flatMap(forms);
  for (let i = 0; i < quoted.length; i += 50) await tx.conversationState.deleteMany({ where: { OR: quoted.slice(i, i + 50).map((s) => ({ dataJson: { contains: s } })) } });

  // The chat identities go entirely (their Teams reference even holds the display name); the next
  // message from that chat starts onboarding with a fresh, unlinked account.
  await tx.channelAccount.deleteMany({ where: { personId } });

  await tx.beneficiaryProfile.updateMany({ where: { personId }, data: { nationality: null } });
  // Hours and statuses stay for the totals; free-text notes about the person go.
  await tx.hourEntry.updateMany({ where: { path: { beneficiaryId: personId } }, data: { note: null } });
  await tx.internship.updateMany({ where: { path: { beneficiaryId: personId } }, data: { ceaseNote: null } });
  await tx.person.update({
    where: { id: personId },
    data: { fullName: ERASED_NAME, language: 'it', phone: null, email: null, remindersEnabled: false, consentAt: null, consentVersion: null, lastActiveAt: null, erasedAt: now },
  });
  const keptHourEntries = await tx.hourEntry.count({ where: { path: { beneficiaryId: personId } } });
  return { unlinkedAccounts: accounts.length, deletedMessages: messages.length, deletedAppointments: appointments.length, keptHourEntries };
}
