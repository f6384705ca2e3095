/** JSON-lines logger on stderr. Callers pass ids and codes only (see core/ports/logger). */
import type { Logger, LogFields } from '../core/ports/logger';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;

export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger & { debug(event: string, fields?: LogFields): void } {
  const emit = (lvl: LogLevel, event: string, fields?: LogFields) => {
    if (LEVELS[lvl] < LEVELS[level]) return;
    write(JSON.stringify({ t: new Date().toISOString(), level: lvl, event, ...(fields ?? {}) }));
  };
  return {
    debug: (e, f) => emit('debug', e, f),
    info: (e, f) => emit('info', e, f),
    warn: (e, f) => emit('warn', e, f),
    error: (e, f) => emit('error', e, f),
  };
}
