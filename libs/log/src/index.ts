export { createLogger, loggerOptions, LOG_LEVELS, REDACTED, silentLogger, type LogLevel, type Logger } from './logger';
