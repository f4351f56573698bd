import { pino, stdSerializers, stdTimeFunctions, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** Log verbosity, from most to least talkative (`silent` logs nothing). */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';

/**
 * Fields that never reach a log line, at the top level, one level down and in the request
 * headers pino-http and Fastify log: passwords, tokens, cookies, keys, kubeconfigs.
 */
const SECRET_KEYS = ['password', 'token', 'secret', 'authorization', 'cookie', 'kubeconfig', 'privateKey', 'activationSecret', 'csrfToken'];
const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

/**
 * The one log format of every long-running Strata process (console, license server, node
 * agent, load balancer): JSON lines with an ISO time, the level as a word, the process name,
 * the message as `msg`, errors under `err` with their stack and cause, secrets redacted.
 */
export function loggerOptions(name: string, level: LogLevel = 'info'): LoggerOptions {
  return {
    name,
    level,
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: stdSerializers.err, error: stdSerializers.err },
    redact: { paths: REDACT_PATHS, censor: REDACTED },
  };
}

/** A logger named `name` writing to `destination` (stderr by default, synchronously, so a crash loses no line). */
export function createLogger(name: string, options: { level?: LogLevel; destination?: DestinationStream } = {}): Logger {
  return pino(loggerOptions(name, options.level), options.destination ?? pino.destination({ fd: 2, sync: true }));
}

/** A logger that drops everything (library use, tests). */
export const silentLogger: Logger = pino({ level: 'silent' });
