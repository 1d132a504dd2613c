/**
 * The server's logger: JSON lines (what log collectors read) unless a person is watching. On a
 * terminal (`LOG_FORMAT=auto`, the default) or with `LOG_FORMAT=pretty`, each entry is one
 * readable coloured line (pino-pretty), written synchronously in this thread: pino's transports
 * would start a worker thread, tens of megabytes the embedded default cannot spare.
 */
import { pino, type Logger } from 'pino';
import type { Config } from '../config.js';

function wantsPrettyLogs(format: Config['logFormat'], stdoutIsTerminal: boolean): boolean {
  return format === 'pretty' || (format === 'auto' && stdoutIsTerminal);
}

export async function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>): Promise<Logger> {
  const terminal = process.stdout.isTTY === true;
  if (!wantsPrettyLogs(config.logFormat, terminal)) return pino({ level: config.logLevel });
  // Loaded only when used: JSON logging (servers behind a collector, tests) never pays for it.
  const { default: pretty } = await import('pino-pretty');
  const stream = pretty({
    sync: true,
    colorize: terminal,
    translateTime: 'HH:MM:ss.l',
    ignore: 'pid,hostname',
    singleLine: true,
  });
  return pino({ level: config.logLevel }, stream);
}
