import { bigintReplacer } from '../lib/agent/canonical';

/** One JSON line per step on stdout (errors too, with "level":"error"). Never given keys. */
export type Logger = {
  info(step: string, fields?: Record<string, unknown>): void;
  warn(step: string, fields?: Record<string, unknown>): void;
  error(step: string, fields?: Record<string, unknown>): void;
};

export function createLogger(
  write: (line: string) => void = (l) => process.stdout.write(l),
  service = 'agent',
): Logger {
  const emit = (level: string, step: string, fields: Record<string, unknown> = {}) =>
    write(`${JSON.stringify({ ts: new Date().toISOString(), level, service, step, ...fields }, bigintReplacer)}\n`);
  return {
    info: (s, f) => emit('info', s, f),
    warn: (s, f) => emit('warn', s, f),
    error: (s, f) => emit('error', s, f),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
