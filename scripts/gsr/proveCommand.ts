import { writeFileSync } from 'node:fs'
import { CliError, type Command } from './Command.ts'
import { openTarget, targetHelp, targetOptions } from './target.ts'

/** `gsr prove`: the chain proof of some events up to the latest signed anchor, as a file. */
export const proveCommand: Command = {
  name: 'prove',
  summary: 'Write the chain proof of events up to the latest signed anchor (for evidence bundles).',
  synopsis: '<stream>:<revision>... [--out <file>] [--database-url <url> | --data-dir <dir>]',
  details: `For each event: its content, its predecessor's link, the digests of its stream's later events up
to the head the latest anchor recorded, and that head's Merkle path to the signed root. An event
recorded after the latest anchor cannot be proven yet: record one first (\`npm run gsr -- anchor\`).
\`npm run gsr -- verify-bundle FILE\` checks the result offline.

${targetHelp}
  --out <file>           write the proof there instead of stdout`,
  options: { ...targetOptions, out: { type: 'string' } },
  positionals: [1, 100],
  async run({ values, positionals }, output) {
    const refs = positionals.map((text) => {
      const match = /^(.+):(\d+)$/.exec(text)
      if (!match) throw new CliError(`not <stream>:<revision>: ${JSON.stringify(text)}`, 2)
      return { streamName: match[1]!, revision: Number(match[2]) }
    })
    const { NotAnchoredError, proveEvents } = await import('@gsr/event-store')
    const target = await openTarget(values)
    try {
      const proof = await proveEvents(target.store, target.sql, refs).catch((error: unknown) => {
        throw error instanceof NotAnchoredError ? new CliError(`${error.message}: record an anchor first`) : error
      })
      const text = JSON.stringify(proof, null, 2)
      if (typeof values.out === 'string') {
        writeFileSync(values.out, `${text}\n`)
        output.err(`proof of ${refs.length} events written to ${values.out}`)
      } else output.out(text)
      return 0
    } finally {
      await target.close()
    }
  },
}
