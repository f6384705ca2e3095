/**
 * Files sent on Teams, through the real CloudAdapter (activities POSTed to /api/messages, replies read
 * from the fake connector): a picture or a file is understood as such and refused with the reason in
 * the person's language (Teams handles cannot be sent again on another chat); nothing is stored; typed
 * questions at the menu are answered on Teams as on Telegram.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageActivity } from '../fakes/bf-activity';
import { startServerFixture, type ServerFixture } from './support/server.fixture';
import { teamsDriver } from './support/teams.driver';
import { contentOfActivity } from '../../bot/teams/teams.bot';
import { SuggestedLabels } from '../../bot/teams/teams.renderer';
import { DEMO_BENEFICIARIES } from '../../bot/seed/demo.people';

let f: ServerFixture;
beforeAll(async () => {
  f = await startServerFixture({ telegramMode: 'off' });
});
afterAll(async () => f?.close());

const FILE_INFO = 'application/vnd.microsoft.teams.file.download.info';

it('maps Teams attachments to files of the right kind, the text echo aside', () => {
  const base = { conversation: { id: 'a:x' }, recipient: { id: '28:bot', name: 'Ponte' }, text: 'the form' };
  const of = (contentType: string, extra: Record<string, unknown> = {}) =>
    contentOfActivity({ ...base, attachments: [{ contentType: 'text/html', content: '<p>the form</p>' }, { contentType, ...extra }] } as Parameters<typeof contentOfActivity>[0], new SuggestedLabels());
  expect(of('image/png', { contentUrl: 'https://smba.example/att/1', name: 'p.png' })).toEqual({ type: 'media', kind: 'photo', ref: 'https://smba.example/att/1', mimeType: 'image/png', filename: 'p.png', caption: 'the form' });
  expect(of(FILE_INFO, { name: 'contratto.pdf', content: { downloadUrl: 'https://contoso.sharepoint.com/x', fileType: 'pdf' } })).toMatchObject({ type: 'media', kind: 'document', ref: 'https://contoso.sharepoint.com/x', filename: 'contratto.pdf' });
  expect(of('audio/ogg', { contentUrl: 'https://smba.example/att/2' })).toMatchObject({ kind: 'audio' });
  expect(of('video/mp4', { contentUrl: 'https://smba.example/att/3' })).toMatchObject({ kind: 'video' });
});

describe('a beneficiary on Teams', () => {
  const code = () => f.h.demo!.beneficiary[DEMO_BENEFICIARIES.findIndex((b) => b.code === 'B-0015')]!;
  const user = () => teamsDriver(f, { userId: '29:lamin', locale: 'en-GB' });
  const picture = () => messageActivity({ conversationId: 'a:conv-29:lamin', serviceUrl: f.connector.serviceUrl, userId: '29:lamin', aadObjectId: '00000000-0000-4000-8000-000000000029', locale: 'en-GB', attachments: [{ contentType: 'image/jpeg', contentUrl: 'https://smba.trafficmanager.net/emea/v3/attachments/0-abc/views/original', name: 'payslip.jpg' }] });

  it('gets the reason when a picture cannot be passed on, and nothing is stored', async () => {
    const lamin = user();
    await lamin.say('/start');
    await lamin.press('English');
    await lamin.press('I agree');
    await lamin.say(code());
    await lamin.press('Write to my tutor');
    const reply = await lamin.post(picture());
    expect(reply.texts.join('\n')).toContain('Ponte passes voice messages, photos and documents only between two Telegram chats');
    // At the menu too: a file that cannot go is not even offered.
    await lamin.say('/menu');
    expect((await lamin.post(picture())).texts.join('\n')).toContain('only between two Telegram chats');
    expect(await f.h.ponte.prisma.relayMessage.count()).toBe(0);
  });

  it('gets an answer to a question typed at the menu', async () => {
    const lamin = user();
    await lamin.say('/menu');
    const reply = await lamin.say('what is a payslip?');
    expect(reply.texts.join('\n')).toContain('📖 Busta paga');
    expect(reply.buttons.join('|')).toContain('Understanding your payslip');
  });
});
