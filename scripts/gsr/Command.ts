import type { ParseArgsConfig } from 'node:util'

export interface Output {
  out(line: string): void
  err(line: string): void
}

export interface ParsedArgs {
  readonly values: Record<string, string | boolean | string[] | boolean[] | undefined>
  readonly positionals: string[]
}

/**
 * One `gsr` command. `run` imports what it needs itself, so `--help` loads nothing heavy and
 * touches no database. Exit codes: 0 done, 1 failed, 2 bad arguments, others per command.
 */
export interface Command {
  readonly name: string
  readonly summary: string
  /** What follows `npm run gsr -- <name>` in the usage line. */
  readonly synopsis: string
  /** Lines under the usage: options, environment, exit codes. */
  readonly details: string
  readonly options: NonNullable<ParseArgsConfig['options']>
  /** Positional arguments accepted: [fewest, most]; default none. */
  readonly positionals?: readonly [number, number]
  run(args: ParsedArgs, output: Output): Promise<number>
}

/** A failure to report as one clear line (no stack), with its exit code. */
export class CliError extends Error {
  override readonly name = 'CliError'
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message)
  }
}
