import type { Logger } from '@winnow/sdk';

/** A logger that adds correlation fields (job, attempt, stage, task) to every line. */
export function withFields(logger: Logger, base: Readonly<Record<string, unknown>>): Logger {
  const wrap = (fn: Logger['info']) => (message: string, fields?: Record<string, unknown>) => fn(message, { ...base, ...fields });
  return { debug: wrap(logger.debug), info: wrap(logger.info), warn: wrap(logger.warn), error: wrap(logger.error) };
}
