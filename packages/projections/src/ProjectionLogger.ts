import { inspect } from 'node:util'

/** The subset of pino's logger the runner uses; pass a pino or Fastify logger as is. */
export interface ProjectionLogger {
  info(object: object, message: string): void
  warn(object: object, message: string): void
  error(object: object, message: string): void
}

export const silentLogger: ProjectionLogger = {
  info() {},
  warn() {},
  error() {},
}

/** The default when no logger is given: failures must not go unseen, progress stays quiet. */
export const stderrLogger: ProjectionLogger = {
  info() {},
  warn: (object, message) =>
    console.error(`[projections] ${message}`, inspect(object, { depth: 3, breakLength: Infinity })),
  error: (object, message) =>
    console.error(`[projections] ${message}`, inspect(object, { depth: 3, breakLength: Infinity })),
}
