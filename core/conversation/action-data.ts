/**
 * Button data. Screen buttons carry the screen's version (`v<version>.<value>`) so a button pressed on
 * an older screen is recognised as stale; global buttons (`g.<command>`, `<prefix>:<rest>`) never are.
 * Everything must fit Telegram's 64-byte callback_data.
 */
export const MAX_ACTION_BYTES = 64;

export type DecodedAction =
  | { kind: 'screen'; version: number; value: string }
  | { kind: 'global'; command: GlobalCommand }
  | { kind: 'feature'; prefix: string; rest: string }
  | { kind: 'invalid' };

export const GLOBAL_COMMANDS = ['menu', 'back', 'help', 'language', 'cancel'] as const;
export type GlobalCommand = (typeof GLOBAL_COMMANDS)[number];

export function encodeScreenAction(version: number, value: string): string {
  const data = `v${version.toString(36)}.${value}`;
  if (Buffer.byteLength(data, 'utf8') > MAX_ACTION_BYTES) throw new Error(`action data too long: ${value.length}`);
  return data;
}

export const encodeGlobal = (command: GlobalCommand): string => `g.${command}`;

export function decodeAction(data: string): DecodedAction {
  const screen = /^v([0-9a-z]+)\.(.+)$/s.exec(data);
  if (screen) return { kind: 'screen', version: parseInt(screen[1]!, 36), value: screen[2]! };
  const global = /^g\.([a-z]+)$/.exec(data);
  if (global) {
    const cmd = global[1] as GlobalCommand;
    return GLOBAL_COMMANDS.includes(cmd) ? { kind: 'global', command: cmd } : { kind: 'invalid' };
  }
  const feature = /^([a-z][a-z0-9_]*):(.*)$/s.exec(data);
  if (feature) return { kind: 'feature', prefix: feature[1]!, rest: feature[2]! };
  return { kind: 'invalid' };
}
