/**
 * A local stand-in for the Telegram Bot API, good enough for the real grammY `Bot` to talk to.
 *
 *   const tg = await startFakeTelegramApi();
 *   const bot = new Bot(tg.token, { client: { apiRoot: tg.apiRoot } });
 *
 * URL scheme as the real server: `POST|GET {apiRoot}/bot<token>/<method>`, parameters as JSON,
 * `application/x-www-form-urlencoded`, `multipart/form-data` or the query string.
 *
 * Surprises found while building it (grammY 1.46, Node 20):
 * - grammY builds the URL as `${apiRoot}/bot${token}/${method}` and refuses an apiRoot that ends in `/`.
 * - grammY's multipart bodies are written by hand and use headers such as
 *   `content-disposition:form-data;name="abc";filename=report.csv` (no space after the colon, filename not
 *   quoted). Node 20's Web `Request.formData()` (undici) rejects those with "Failed to parse body as FormData",
 *   so this fake carries its own small multipart parser.
 * - Every uploaded file part is sent as `content-type: application/octet-stream` whatever the file is, under
 *   a random field name; the method parameter (e.g. `document`) holds `attach://<that name>`. The fake resolves
 *   the reference and puts an {@link UploadedFile} in the recorded params instead.
 * - grammY reads the JSON body whatever the HTTP status, so a 429 only needs `ok:false` plus
 *   `parameters.retry_after` to surface as `GrammyError.parameters.retry_after`.
 * - `bot.start()` calls getMe, then deleteWebhook, then long-polls getUpdates with `timeout: 30`;
 *   `bot.stop()` aborts the pending getUpdates (the client just drops the socket) and sends one last
 *   getUpdates `{ offset, limit: 1 }` with no timeout to confirm the handled updates.
 * - grammY's node client uses a keep-alive agent, so `close()` must drop idle sockets or `server.close()` hangs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';
import type { Chat, InlineKeyboardMarkup, Message, Update, User, UserFromGetMe } from 'grammy/types';

export const DEFAULT_FAKE_TOKEN = '123456789:TEST-fake-token-for-ponte';

/** A file that reached the fake through a multipart upload. */
export interface UploadedFile {
  kind: 'upload';
  /** The multipart part name the file came in (grammY uses a random id). */
  field: string;
  filename: string;
  /** As sent by the client: grammY always sends `application/octet-stream`. */
  mimeType: string;
  size: number;
  bytes: Buffer;
}

export interface TelegramApiError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface RecordedCall {
  method: string;
  /** Parameters, normalised: JSON-looking form values parsed, numeric ids as numbers, uploads as UploadedFile. */
  params: Record<string, unknown>;
  /** Date.now() when the request was received. */
  at: number;
  httpMethod: string;
  /** Every uploaded file of the request, in order. */
  files: UploadedFile[];
  /** What the fake answered: a result, or the error it returned. */
  result?: unknown;
  error?: TelegramApiError;
}

export interface FailNextOptions {
  /** Only fail calls whose `chat_id` equals this (compared as strings). */
  chatId?: number | string;
  /** How many matching calls to fail (default 1). */
  times?: number;
  /** Let this many matching calls through first (fail the second part of a reply: `after: 1`). */
  after?: number;
}

export interface HangOptions extends FailNextOptions {
  /** Answer normally after this long (a slow API); default: never (the client has to give up). */
  forMs?: number;
}

export interface UpdateOptions {
  from?: Partial<User>;
  languageCode?: string;
  updateId?: number;
  messageId?: number;
  /** Unix seconds; defaults to now. */
  date?: number;
}

export interface FakeTelegramApi {
  /** e.g. http://127.0.0.1:43125 — pass as `client.apiRoot` to grammY. */
  readonly apiRoot: string;
  readonly token: string;
  /** What the fake answers to getMe; pass as `new Bot(token, { botInfo })` to skip bot.init(). */
  readonly botInfo: UserFromGetMe;
  /** Every API call received, in order, including getUpdates. */
  readonly calls: RecordedCall[];
  /** sendMessage / sendDocument / sendPhoto calls, optionally for one chat. */
  sent(chatId?: number | string): RecordedCall[];
  /** Calls of one method. */
  callsOf(method: string): RecordedCall[];
  /** Resolves once no call has arrived (or been answered) for `ms` milliseconds. */
  quiet(ms: number): Promise<void>;
  /** Resolves with the first recorded call (past or future) matching the predicate; rejects after timeoutMs. */
  waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  /** Calls `listener` with every call as it is recorded (the benchmark times replies with it). Returns the unsubscribe. */
  onCall(listener: (call: RecordedCall) => void): () => void;
  /** Queue an update for getUpdates (long polling). Returns it. */
  pushUpdate(update: Update): Update;
  /** Updates queued and not yet confirmed through an offset. */
  pendingUpdates(): Update[];
  /** Make the next matching call(s) of `method` fail with this error. */
  failNext(method: string, error: TelegramApiError, opts?: FailNextOptions): void;
  /**
   * Make the next matching call(s) of `method` hang: no answer until the client gives up (recorded with
   * error_code 0, not as sent), or, with `forMs`, a late but normal answer.
   */
  hangNext(method: string, opts?: HangOptions): void;
  /** Calls being held by hangNext right now. */
  hanging(): number;
  /** The webhook URL last set with setWebhook ('' if none). */
  readonly webhookUrl: string;
  /**
   * POSTs an update (or any body) to a bot's webhook as Telegram does, and, like Telegram, performs the
   * Bot API method a 200 answer carries ("reply directly to webhook"), recorded with httpMethod 'WEBHOOK'.
   * Resolves with the bot's answer.
   */
  deliverWebhook(url: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Commands last set with setMyCommands, keyed by `${scope.type ?? 'default'}:${language_code ?? ''}`. */
  readonly commands: Map<string, unknown>;
  textUpdate: typeof textUpdate;
  callbackUpdate: typeof callbackUpdate;
  photoUpdate: typeof photoUpdate;
  voiceUpdate: typeof voiceUpdate;
  stickerUpdate: typeof stickerUpdate;
  locationUpdate: typeof locationUpdate;
  documentUpdate: typeof documentUpdate;
  editedTextUpdate: typeof editedTextUpdate;
  /** Forget calls, queued updates, scripted failures, messages, webhook and commands. */
  reset(): void;
  /** Answers pending getUpdates with [] and stops the server. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Update builders
// ---------------------------------------------------------------------------------------------

let nextUpdateId = 100_000;
let nextInboundMessageId = 1_000_000;
let nextCallbackId = 1;

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** A chat object like Telegram sends: positive ids are private chats, negative ones groups. */
export function chatFor(chatId: number, from?: User): Chat.PrivateChat | Chat.GroupChat | Chat.SupergroupChat {
  if (chatId > 0) {
    return { id: chatId, type: 'private', first_name: from?.first_name ?? 'Test', ...(from?.username ? { username: from.username } : {}) };
  }
  if (chatId < -1_000_000_000_000) return { id: chatId, type: 'supergroup', title: 'Test supergroup' };
  return { id: chatId, type: 'group', title: 'Test group' };
}

function userFor(chatId: number, opts: UpdateOptions): User {
  const base: User = { id: chatId > 0 ? chatId : 1001, is_bot: false, first_name: 'Test', last_name: 'User' };
  const user: User = { ...base, ...opts.from };
  const lang = opts.languageCode ?? opts.from?.language_code;
  if (lang) user.language_code = lang;
  return user;
}

function messageBase(chatId: number, opts: UpdateOptions): { message_id: number; date: number; chat: ReturnType<typeof chatFor>; from: User } {
  const from = userFor(chatId, opts);
  return { message_id: opts.messageId ?? nextInboundMessageId++, date: opts.date ?? nowSeconds(), chat: chatFor(chatId, from), from };
}

function wrap(message: Message & Update.NonChannel, opts: UpdateOptions): Update {
  return { update_id: opts.updateId ?? nextUpdateId++, message };
}

/** A text message; `/command` texts get a bot_command entity like Telegram adds. */
export function textUpdate(chatId: number, text: string, opts: UpdateOptions = {}): Update {
  const message: Message.TextMessage & Update.NonChannel = { ...messageBase(chatId, opts), text };
  const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
  if (command) message.entities = [{ type: 'bot_command', offset: 0, length: command[0].length }];
  return wrap(message, opts);
}

export interface CallbackUpdateOptions extends UpdateOptions {
  /** Text of the message that carried the keyboard. */
  messageText?: string;
  callbackQueryId?: string;
  replyMarkup?: InlineKeyboardMarkup;
}

/** A button press on an inline keyboard attached to bot message `messageId`. */
export function callbackUpdate(chatId: number, data: string, messageId: number, opts: CallbackUpdateOptions = {}): Update {
  const from = userFor(chatId, opts);
  const message: Message.TextMessage & Update.NonChannel = {
    message_id: messageId,
    date: opts.date ?? nowSeconds(),
    chat: chatFor(chatId, from),
    from: { ...FAKE_BOT_USER },
    text: opts.messageText ?? '…',
    ...(opts.replyMarkup ? { reply_markup: opts.replyMarkup } : {}),
  };
  return {
    update_id: opts.updateId ?? nextUpdateId++,
    callback_query: { id: opts.callbackQueryId ?? `cbq-${nextCallbackId++}`, from, chat_instance: `ci-${chatId}`, data, message },
  };
}

export function photoUpdate(chatId: number, opts: UpdateOptions & { caption?: string } = {}): Update {
  const fileId = `photo-${nextInboundMessageId}`;
  const message: Message.PhotoMessage & Update.NonChannel = {
    ...messageBase(chatId, opts),
    photo: [
      { file_id: `${fileId}-s`, file_unique_id: `${fileId}-us`, width: 90, height: 60, file_size: 1_200 },
      { file_id: `${fileId}-m`, file_unique_id: `${fileId}-um`, width: 320, height: 213, file_size: 14_000 },
      { file_id: `${fileId}-l`, file_unique_id: `${fileId}-ul`, width: 1280, height: 853, file_size: 120_000 },
    ],
    ...(opts.caption !== undefined ? { caption: opts.caption } : {}),
  };
  return wrap(message, opts);
}

export function voiceUpdate(chatId: number, opts: UpdateOptions & { duration?: number } = {}): Update {
  const fileId = `voice-${nextInboundMessageId}`;
  const message: Message.VoiceMessage & Update.NonChannel = {
    ...messageBase(chatId, opts),
    voice: { file_id: fileId, file_unique_id: `u${fileId}`, duration: opts.duration ?? 3, mime_type: 'audio/ogg', file_size: 9_000 },
  };
  return wrap(message, opts);
}

export function stickerUpdate(chatId: number, opts: UpdateOptions & { emoji?: string } = {}): Update {
  const fileId = `sticker-${nextInboundMessageId}`;
  const message: Message.StickerMessage & Update.NonChannel = {
    ...messageBase(chatId, opts),
    sticker: {
      file_id: fileId,
      file_unique_id: `u${fileId}`,
      type: 'regular',
      width: 512,
      height: 512,
      is_animated: false,
      is_video: false,
      emoji: opts.emoji ?? '👍',
      set_name: 'PonteTestStickers',
      file_size: 20_000,
    },
  };
  return wrap(message, opts);
}

export function locationUpdate(chatId: number, latitude: number, longitude: number, opts: UpdateOptions = {}): Update {
  const message: Message.LocationMessage & Update.NonChannel = { ...messageBase(chatId, opts), location: { latitude, longitude } };
  return wrap(message, opts);
}

export function documentUpdate(
  chatId: number,
  opts: UpdateOptions & { fileName?: string; mimeType?: string; fileSize?: number; caption?: string } = {},
): Update {
  const fileId = `doc-${nextInboundMessageId}`;
  const message: Message.DocumentMessage & Update.NonChannel = {
    ...messageBase(chatId, opts),
    document: {
      file_id: fileId,
      file_unique_id: `u${fileId}`,
      file_name: opts.fileName ?? 'document.pdf',
      mime_type: opts.mimeType ?? 'application/pdf',
      file_size: opts.fileSize ?? 34_567,
    },
    ...(opts.caption !== undefined ? { caption: opts.caption } : {}),
  };
  return wrap(message, opts);
}

/** The person changed a message they sent (`messageId`): Telegram sends it again as `edited_message`. */
export function editedTextUpdate(chatId: number, messageId: number, text: string, opts: UpdateOptions = {}): Update {
  const base = messageBase(chatId, { ...opts, messageId });
  const message = { ...base, text, edit_date: base.date + 1 } as Message.TextMessage & Update.Edited & Update.NonChannel;
  return { update_id: opts.updateId ?? nextUpdateId++, edited_message: message };
}

const FAKE_BOT_USER = { id: 123456789, is_bot: true as const, first_name: 'Ponte Test', username: 'ponte_test_bot' };

// ---------------------------------------------------------------------------------------------
// Body parsing
// ---------------------------------------------------------------------------------------------

/** Form values are strings; these parameters are numbers in the Bot API. */
const NUMERIC_PARAMS = new Set([
  'chat_id', 'message_id', 'reply_to_message_id', 'message_thread_id', 'offset', 'limit', 'timeout', 'cache_time', 'duration', 'width', 'height', 'user_id', 'from_chat_id',
]);
const BOOLEAN_PARAMS = new Set(['disable_notification', 'protect_content', 'show_alert', 'drop_pending_updates', 'has_spoiler', 'disable_content_type_detection', 'allow_sending_without_reply']);

function normaliseFormValue(key: string, value: string): unknown {
  const trimmed = value.trim();
  if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return value;
    }
  }
  if (NUMERIC_PARAMS.has(key) && /^-?\d+$/.test(trimmed)) return Number(trimmed);
  if (BOOLEAN_PARAMS.has(key) && (trimmed === 'true' || trimmed === 'false')) return trimmed === 'true';
  return value;
}

interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/**
 * A small, lenient multipart/form-data parser: accepts grammY's `content-disposition:form-data;name="x";filename=y`
 * as well as the usual quoted form.
 */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const boundaryMatch = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = boundaryMatch?.[1] ?? boundaryMatch?.[2]?.trim();
  if (!boundary) throw new Error('multipart body without boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    let start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // closing delimiter
    if (body.subarray(start, start + 2).toString() === '\r\n') start += 2;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    let end = next;
    if (body.subarray(end - 2, end).toString() === '\r\n') end -= 2;
    const part = body.subarray(start, end);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headerText = headerEnd === -1 ? part.toString() : part.subarray(0, headerEnd).toString();
    const data = headerEnd === -1 ? Buffer.alloc(0) : Buffer.from(part.subarray(headerEnd + 4));
    const headers = new Map<string, string>();
    for (const line of headerText.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get('content-disposition') ?? '';
    const nameMatch = /(?:^|;)\s*name=(?:"([^"]*)"|([^;]*))/i.exec(disposition);
    const filenameMatch = /(?:^|;)\s*filename=(?:"([^"]*)"|([^;]*))/i.exec(disposition);
    const name = nameMatch?.[1] ?? nameMatch?.[2]?.trim() ?? '';
    const filename = filenameMatch ? (filenameMatch[1] ?? filenameMatch[2]?.trim() ?? '') : undefined;
    parts.push({ name, data, ...(filename !== undefined ? { filename } : {}), ...(headers.has('content-type') ? { contentType: headers.get('content-type') } : {}) });
    pos = next;
  }
  return parts;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

async function parseParams(req: IncomingMessage, url: URL): Promise<{ params: Record<string, unknown>; files: UploadedFile[] }> {
  const params: Record<string, unknown> = {};
  const files: UploadedFile[] = [];
  for (const [k, v] of url.searchParams) params[k] = normaliseFormValue(k, v);
  const body = await readBody(req);
  if (body.length === 0) return { params, files };
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.includes('application/json')) {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(params, parsed);
  } else if (contentType.includes('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params[k] = normaliseFormValue(k, v);
  } else if (contentType.includes('multipart/form-data')) {
    const byField = new Map<string, UploadedFile>();
    for (const part of parseMultipart(body, contentType)) {
      if (part.filename !== undefined) {
        const file: UploadedFile = {
          kind: 'upload',
          field: part.name,
          filename: part.filename,
          mimeType: part.contentType ?? 'application/octet-stream',
          size: part.data.length,
          bytes: part.data,
        };
        files.push(file);
        byField.set(part.name, file);
        if (!(part.name in params)) params[part.name] = file;
      } else {
        params[part.name] = normaliseFormValue(part.name, part.data.toString('utf8'));
      }
    }
    // Resolve attach://<field> references (what grammY sends) to the uploaded files.
    for (const [k, v] of Object.entries(params)) {
      if (typeof v === 'string' && v.startsWith('attach://')) {
        const file = byField.get(v.slice('attach://'.length));
        if (file) {
          params[k] = file;
          delete params[file.field];
        }
      }
    }
  }
  return { params, files };
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(readonly apiError: TelegramApiError) {
    super(apiError.description);
  }
}

function badRequest(description: string): ApiError {
  return new ApiError({ error_code: 400, description: `Bad Request: ${description}` });
}

interface FailureRule {
  method: string;
  error: TelegramApiError;
  chatId?: string;
  remaining: number;
  after: number;
}

interface HangRule {
  method: string;
  chatId?: string;
  remaining: number;
  forMs?: number;
}

interface PollWaiter {
  wake: () => void;
}

const SENT_METHODS = new Set(['sendMessage', 'sendDocument', 'sendPhoto', 'sendVoice', 'sendAudio', 'sendVideo']);

/**
 * `keepAliveTimeoutMs`: how long an idle keep-alive connection stays open (Node's default, 5 s, if not
 * given). A client that reuses a connection just as the server closes it gets "socket hang up"; the
 * benchmark, whose bots idle while the other one is measured, raises it so the harness adds no such resets.
 */
export async function startFakeTelegramApi(opts: { token?: string; keepAliveTimeoutMs?: number } = {}): Promise<FakeTelegramApi> {
  const token = opts.token ?? DEFAULT_FAKE_TOKEN;
  const tokenPrefix = /^(\d+):/.exec(token)?.[1];
  const botInfo: UserFromGetMe = {
    ...FAKE_BOT_USER,
    ...(tokenPrefix ? { id: Number(tokenPrefix) } : {}),
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };
  const botUser: User = { id: botInfo.id, is_bot: true, first_name: botInfo.first_name, username: botInfo.username };
  const events = new EventEmitter();
  events.setMaxListeners(0);

  const calls: RecordedCall[] = [];
  let updates: Update[] = [];
  let failures: FailureRule[] = [];
  let hangs: HangRule[] = [];
  let held = 0;
  let messages = new Map<string, Message>();
  let webhookUrl = '';
  const commands = new Map<string, unknown>();
  const pollWaiters = new Set<PollWaiter>();
  let nextMessageId = 1;
  let closed = false;
  let lastActivity = Date.now();
  let inFlightRequests = 0;

  const messageKey = (chatId: unknown, messageId: unknown) => `${String(chatId)}/${String(messageId)}`;

  const requireChatId = (params: Record<string, unknown>): number | string => {
    const chatId = params.chat_id;
    if (chatId === undefined || chatId === null || chatId === '') throw badRequest('chat_id is empty');
    if (typeof chatId !== 'number' && typeof chatId !== 'string') throw badRequest('chat not found');
    return chatId;
  };

  const outgoingBase = (params: Record<string, unknown>) => {
    const chatId = requireChatId(params);
    const numeric = typeof chatId === 'number' ? chatId : Number(chatId);
    const chat: Chat = Number.isFinite(numeric) ? chatFor(numeric) : { id: 0, type: 'channel', title: String(chatId) };
    const base = { message_id: nextMessageId++, date: nowSeconds(), chat, from: botUser };
    const markup = params.reply_markup as InlineKeyboardMarkup | undefined;
    const withMarkup = markup && typeof markup === 'object' && 'inline_keyboard' in markup ? { reply_markup: markup } : {};
    return { base, withMarkup };
  };

  const fileMeta = (value: unknown, fallbackName: string) => {
    if (value && typeof value === 'object' && (value as UploadedFile).kind === 'upload') {
      const f = value as UploadedFile;
      return { file_name: f.filename, mime_type: f.mimeType, file_size: f.size };
    }
    if (typeof value === 'string' && value !== '') return { file_name: fallbackName };
    throw badRequest('there is no file in the request');
  };

  const editTarget = (params: Record<string, unknown>): Message | true => {
    if (params.inline_message_id !== undefined) return true;
    const chatId = requireChatId(params);
    if (params.message_id === undefined) throw badRequest('message identifier is not specified');
    const key = messageKey(chatId, params.message_id);
    const known = messages.get(key);
    if (known) return known;
    // Lenient: tests often press buttons on messages this fake never sent.
    const numeric = typeof chatId === 'number' ? chatId : Number(chatId);
    return { message_id: Number(params.message_id), date: nowSeconds(), chat: chatFor(numeric), from: botUser, text: '' } as Message;
  };

  const sameMarkup = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

  async function getUpdates(params: Record<string, unknown>, req: IncomingMessage): Promise<Update[]> {
    const offset = typeof params.offset === 'number' ? params.offset : Number(params.offset ?? 0);
    const limit = Math.min(100, Math.max(1, typeof params.limit === 'number' ? params.limit : Number(params.limit ?? 100)));
    const timeoutSec = Math.max(0, typeof params.timeout === 'number' ? params.timeout : Number(params.timeout ?? 0));
    if (webhookUrl) throw new ApiError({ error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" });
    const take = () => {
      if (offset > 0) updates = updates.filter((u) => u.update_id >= offset); // confirm (forget) older updates
      return updates.slice(0, limit);
    };
    let batch = take();
    if (batch.length > 0 || timeoutSec === 0 || closed) return batch;
    await new Promise<void>((resolve) => {
      const waiter: PollWaiter = { wake: () => finish() };
      const timer = setTimeout(() => finish(), timeoutSec * 1000);
      const onAbort = () => finish();
      function finish() {
        clearTimeout(timer);
        pollWaiters.delete(waiter);
        req.socket.off('close', onAbort);
        resolve();
      }
      pollWaiters.add(waiter);
      req.socket.once('close', onAbort); // the client gave up (grammY aborts on bot.stop())
    });
    batch = closed ? [] : take();
    return batch;
  }

  async function dispatch(method: string, params: Record<string, unknown>, req: IncomingMessage): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return { ...botInfo };
      case 'sendMessage': {
        const text = params.text;
        if (typeof text !== 'string' || text.trim() === '') {
          requireChatId(params);
          throw badRequest('message text is empty');
        }
        const { base, withMarkup } = outgoingBase(params);
        const message = { ...base, text, ...withMarkup } as Message;
        messages.set(messageKey(params.chat_id, message.message_id), message);
        return message;
      }
      case 'sendDocument': {
        const { base, withMarkup } = outgoingBase(params);
        const meta = fileMeta(params.document, 'document');
        const message = {
          ...base,
          document: { file_id: `sent-doc-${base.message_id}`, file_unique_id: `usent-doc-${base.message_id}`, ...meta },
          ...(typeof params.caption === 'string' ? { caption: params.caption } : {}),
          ...withMarkup,
        } as Message;
        messages.set(messageKey(params.chat_id, message.message_id), message);
        return message;
      }
      case 'sendPhoto': {
        const { base, withMarkup } = outgoingBase(params);
        const meta = fileMeta(params.photo, 'photo.jpg');
        const message = {
          ...base,
          photo: [{ file_id: `sent-photo-${base.message_id}`, file_unique_id: `usent-photo-${base.message_id}`, width: 800, height: 600, ...(meta.file_size ? { file_size: meta.file_size } : {}) }],
          ...(typeof params.caption === 'string' ? { caption: params.caption } : {}),
          ...withMarkup,
        } as Message;
        messages.set(messageKey(params.chat_id, message.message_id), message);
        return message;
      }
      // A file sent again by file_id (a string), as the real server accepts; an upload works too.
      case 'sendVoice':
      case 'sendAudio':
      case 'sendVideo': {
        const field = method === 'sendVoice' ? 'voice' : method === 'sendAudio' ? 'audio' : 'video';
        const { base, withMarkup } = outgoingBase(params);
        const value = params[field];
        if (typeof value !== 'string' && !(value && typeof value === 'object' && (value as UploadedFile).kind === 'upload')) throw badRequest('there is no file in the request');
        const fileId = typeof value === 'string' ? value : `sent-${field}-${base.message_id}`;
        const message = {
          ...base,
          [field]: { file_id: fileId, file_unique_id: `u${fileId}`, duration: 1 },
          ...(typeof params.caption === 'string' ? { caption: params.caption } : {}),
          ...withMarkup,
        } as unknown as Message;
        messages.set(messageKey(params.chat_id, message.message_id), message);
        return message;
      }
      case 'editMessageText': {
        if (typeof params.text !== 'string' || params.text.trim() === '') throw badRequest('message text is empty');
        const target = editTarget(params);
        if (target === true) return true;
        const current = target as Message & { text?: string; reply_markup?: unknown };
        if (current.text === params.text && sameMarkup(current.reply_markup, params.reply_markup)) {
          throw badRequest('message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
        }
        const { reply_markup: _old, ...rest } = current;
        const markup = params.reply_markup as InlineKeyboardMarkup | undefined;
        const updated = { ...rest, text: params.text, edit_date: nowSeconds(), ...(markup && 'inline_keyboard' in markup ? { reply_markup: markup } : {}) } as Message;
        messages.set(messageKey(params.chat_id, updated.message_id), updated);
        return updated;
      }
      case 'editMessageReplyMarkup': {
        const target = editTarget(params);
        if (target === true) return true;
        const current = target as Message & { reply_markup?: unknown };
        if (sameMarkup(current.reply_markup, params.reply_markup)) {
          throw badRequest('message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
        }
        const { reply_markup: _old, ...rest } = current;
        const markup = params.reply_markup as InlineKeyboardMarkup | undefined;
        const updated = { ...rest, edit_date: nowSeconds(), ...(markup && 'inline_keyboard' in markup ? { reply_markup: markup } : {}) } as Message;
        messages.set(messageKey(params.chat_id, updated.message_id), updated);
        return updated;
      }
      case 'answerCallbackQuery':
        if (typeof params.callback_query_id !== 'string' || params.callback_query_id === '') throw badRequest('query is too old and response timeout expired or query ID is invalid');
        return true;
      case 'sendChatAction':
        requireChatId(params);
        if (typeof params.action !== 'string') throw badRequest('wrong parameter action in request');
        return true;
      case 'setWebhook':
        if (typeof params.url !== 'string') throw badRequest('bad webhook: URL must be provided');
        webhookUrl = params.url;
        if (params.drop_pending_updates === true) updates = [];
        return true;
      case 'deleteWebhook':
        webhookUrl = '';
        if (params.drop_pending_updates === true) updates = [];
        return true;
      case 'getWebhookInfo':
        return { url: webhookUrl, has_custom_certificate: false, pending_update_count: updates.length };
      case 'setMyCommands': {
        if (!Array.isArray(params.commands)) throw badRequest('parameter "commands" is required');
        const scope = params.scope as { type?: string } | undefined;
        commands.set(`${scope?.type ?? 'default'}:${typeof params.language_code === 'string' ? params.language_code : ''}`, params.commands);
        return true;
      }
      case 'getMyCommands': {
        const scope = params.scope as { type?: string } | undefined;
        return commands.get(`${scope?.type ?? 'default'}:${typeof params.language_code === 'string' ? params.language_code : ''}`) ?? [];
      }
      case 'deleteMyCommands': {
        const scope = params.scope as { type?: string } | undefined;
        commands.delete(`${scope?.type ?? 'default'}:${typeof params.language_code === 'string' ? params.language_code : ''}`);
        return true;
      }
      case 'getUpdates':
        return getUpdates(params, req);
      default:
        throw new ApiError({ error_code: 404, description: 'Not Found: method not found' });
    }
  }

  function takeHang(method: string, params: Record<string, unknown>): HangRule | undefined {
    const rule = hangs.find((r) => r.method === method && (r.chatId === undefined || r.chatId === String(params.chat_id)));
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) hangs = hangs.filter((r) => r !== rule);
    return rule;
  }

  /** Holds the request; true if the client gave up first. */
  function hang(req: IncomingMessage, rule: HangRule): Promise<boolean> {
    held += 1;
    return new Promise<boolean>((resolve) => {
      const timer = rule.forMs !== undefined ? setTimeout(() => finish(false), rule.forMs) : undefined;
      const onClose = () => finish(true);
      function finish(gaveUp: boolean) {
        if (timer) clearTimeout(timer);
        req.socket.off('close', onClose);
        held -= 1;
        resolve(gaveUp);
      }
      req.socket.once('close', onClose);
    });
  }

  function takeFailure(method: string, params: Record<string, unknown>): TelegramApiError | undefined {
    const rule = failures.find((r) => r.method === method && (r.chatId === undefined || r.chatId === String(params.chat_id)));
    if (!rule) return undefined;
    if (rule.after > 0) {
      rule.after -= 1;
      return undefined;
    }
    rule.remaining -= 1;
    if (rule.remaining <= 0) failures = failures.filter((r) => r !== rule);
    return rule.error;
  }

  function send(res: ServerResponse, status: number, body: unknown) {
    if (res.writableEnded || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    lastActivity = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/bot([^/]+)\/(?:test\/)?([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
    if (!match) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, pathToken, method] = match as unknown as [string, string, string];
    const at = Date.now();
    let parsed: { params: Record<string, unknown>; files: UploadedFile[] };
    try {
      parsed = await parseParams(req, url);
    } catch (err) {
      return send(res, 400, { ok: false, error_code: 400, description: `Bad Request: cannot parse request body (${(err as Error).message})` });
    }
    const call: RecordedCall = { method, params: parsed.params, at, httpMethod: req.method ?? 'GET', files: parsed.files };
    const record = () => {
      calls.push(call);
      events.emit('call', call);
    };
    if (decodeURIComponent(pathToken) !== token) {
      call.error = { error_code: 401, description: 'Unauthorized' };
      record();
      return send(res, 401, { ok: false, ...call.error });
    }
    const hung = takeHang(method, parsed.params);
    if (hung && (await hang(req, hung))) {
      call.error = { error_code: 0, description: 'abandoned: the client gave up waiting' };
      record();
      return;
    }
    const scripted = takeFailure(method, parsed.params);
    if (scripted) {
      call.error = scripted;
      record();
      return send(res, scripted.error_code, { ok: false, ...scripted });
    }
    // getUpdates is recorded when it arrives, the rest once answered (so waitFor sees the result).
    if (method === 'getUpdates') record();
    try {
      const result = await dispatch(method, parsed.params, req);
      call.result = result;
      if (method !== 'getUpdates') record();
      send(res, 200, { ok: true, result });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      call.error = err.apiError;
      if (method !== 'getUpdates') record();
      send(res, err.apiError.error_code, { ok: false, ...err.apiError });
    }
  }

  /** What Telegram does with a webhook answer that names a method: performs it (its result goes nowhere). */
  async function performWebhookReply(text: string): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return;
    }
    if (!body || typeof body !== 'object' || typeof (body as { method?: unknown }).method !== 'string') return;
    const { method, ...params } = body as Record<string, unknown> & { method: string };
    if (method === 'getUpdates') return;
    lastActivity = Date.now();
    const call: RecordedCall = { method, params, at: Date.now(), httpMethod: 'WEBHOOK', files: [] };
    try {
      call.result = await dispatch(method, params, undefined as unknown as IncomingMessage);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      call.error = err.apiError;
    }
    calls.push(call);
    events.emit('call', call);
  }

  const server = createServer((req, res) => {
    // A long poll is not activity: quiet() waits for the bot's sends to settle, not for getUpdates.
    if (!req.url?.includes('/getUpdates')) {
      inFlightRequests += 1;
      res.once('close', () => {
        inFlightRequests -= 1;
        lastActivity = Date.now();
      });
    }
    handle(req, res).catch((err: unknown) => {
      send(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${(err as Error).message}` });
    });
  });
  if (opts.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = opts.keepAliveTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const wakePollers = () => {
    for (const waiter of [...pollWaiters]) waiter.wake();
  };

  const api: FakeTelegramApi = {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    botInfo,
    calls,
    get webhookUrl() {
      return webhookUrl;
    },
    async deliverWebhook(url, body, headers = {}) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
      const text = await res.text();
      if (res.status === 200 && (res.headers.get('content-type') ?? '').includes('application/json')) await performWebhookReply(text);
      return new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
    },
    commands,
    sent(chatId) {
      return calls.filter((c) => SENT_METHODS.has(c.method) && c.error === undefined && (chatId === undefined || String(c.params.chat_id) === String(chatId)));
    },
    callsOf(method) {
      return calls.filter((c) => c.method === method);
    },
    onCall(listener) {
      events.on('call', listener);
      return () => events.off('call', listener);
    },
    quiet(ms) {
      return new Promise<void>((resolve) => {
        const check = () => {
          const idle = Date.now() - lastActivity;
          if (idle >= ms && inFlightRequests === 0) resolve();
          else setTimeout(check, Math.max(5, ms - idle));
        };
        check();
      });
    },
    waitFor(predicate, timeoutMs = 5_000) {
      const existing = calls.find(predicate);
      if (existing) return Promise.resolve(existing);
      return new Promise<RecordedCall>((resolve, reject) => {
        const onCall = (call: RecordedCall) => {
          if (!predicate(call)) return;
          clearTimeout(timer);
          events.off('call', onCall);
          resolve(call);
        };
        const timer = setTimeout(() => {
          events.off('call', onCall);
          const seen = calls.map((c) => c.method).join(', ') || 'none';
          reject(new Error(`FakeTelegramApi.waitFor: no matching call within ${timeoutMs} ms (calls so far: ${seen})`));
        }, timeoutMs);
        events.on('call', onCall);
      });
    },
    pushUpdate(update) {
      updates.push(update);
      updates.sort((a, b) => a.update_id - b.update_id);
      wakePollers();
      return update;
    },
    pendingUpdates() {
      return [...updates];
    },
    failNext(method, error, failOpts = {}) {
      failures.push({ method, error, remaining: failOpts.times ?? 1, after: failOpts.after ?? 0, ...(failOpts.chatId !== undefined ? { chatId: String(failOpts.chatId) } : {}) });
    },
    hanging: () => held,
    hangNext(method, hangOpts = {}) {
      hangs.push({ method, remaining: hangOpts.times ?? 1, ...(hangOpts.chatId !== undefined ? { chatId: String(hangOpts.chatId) } : {}), ...(hangOpts.forMs !== undefined ? { forMs: hangOpts.forMs } : {}) });
    },
    textUpdate,
    callbackUpdate,
    photoUpdate,
    voiceUpdate,
    stickerUpdate,
    locationUpdate,
    documentUpdate,
    editedTextUpdate,
    reset() {
      calls.length = 0;
      updates = [];
      failures = [];
      hangs = [];
      messages = new Map();
      webhookUrl = '';
      commands.clear();
    },
    async close() {
      if (closed) return;
      closed = true;
      wakePollers();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Let the woken getUpdates answers flush, then drop keep-alive sockets.
        setImmediate(() => server.closeAllConnections());
      });
    },
  };
  return api;
}
