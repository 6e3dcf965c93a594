import { parseArgs } from 'node:util'
import { CliError, type Command, type Output } from './Command.ts'
import { commands } from './commands.ts'

const stdio: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}

export function usageOf(command: Command): string {
  return `usage: npm run gsr -- ${command.name}${command.synopsis ? ` ${command.synopsis}` : ''}`
}

function helpOf(command: Command): string {
  return [`${usageOf(command)}`, '', command.summary, '', command.details.trimEnd(), '  -h, --help   this text'].join(
    '\n',
  )
}

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length))
  return [
    'usage: npm run gsr -- <command> [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  this list; \`help <command>\` or \`<command> --help\` explains one`,
  ].join('\n')
}

/** Parses and runs one command line; returns the exit code. */
export async function runGsr(argv: readonly string[], output: Output = stdio): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined) {
    output.err(overview())
    return 2
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0] && commands.find((c) => c.name === rest[0])
    if (rest[0] && !topic) {
      output.err(`gsr: unknown command ${rest[0]}\n\n${overview()}`)
      return 2
    }
    output.out(topic ? helpOf(topic) : overview())
    return 0
  }
  const command = commands.find((c) => c.name === name)
  if (!command) {
    output.err(
      `gsr: unknown command ${name}; commands: ${commands.map((c) => c.name).join(', ')} (npm run gsr -- help)`,
    )
    return 2
  }
  let parsed
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    })
  } catch (error) {
    output.err(`gsr ${name}: ${(error as Error).message}\n${usageOf(command)} (--help explains)`)
    return 2
  }
  if (parsed.values.help || parsed.positionals[0] === 'help') {
    output.out(helpOf(command))
    return 0
  }
  const [fewest, most] = command.positionals ?? [0, 0]
  if (parsed.positionals.length < fewest || parsed.positionals.length > most) {
    const problem =
      parsed.positionals.length < fewest
        ? 'missing argument'
        : `unexpected argument ${JSON.stringify(parsed.positionals[most])}`
    output.err(`gsr ${name}: ${problem}\n${usageOf(command)} (--help explains)`)
    return 2
  }
  try {
    return await command.run(parsed, output)
  } catch (error) {
    if (error instanceof CliError) {
      output.err(`gsr ${name}: ${error.message}`)
      if (error.exitCode === 2) output.err(`${usageOf(command)} (--help explains)`)
      return error.exitCode
    }
    throw error
  }
}
