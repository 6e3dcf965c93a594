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
