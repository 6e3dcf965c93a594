import { writeFileSync } from 'node:fs'
import { CliError, type Command } from './Command.ts'
import { anchorKeyOf, openTarget, targetHelp, targetOptions } from './target.ts'

/** `gsr anchor`: record a signed anchor now, or export them. */
export const anchorCommand: Command = {
  name: 'anchor',
  summary: 'Record a signed anchor of the log now (Merkle root over every stream head), or export the anchors.',
  synopsis: '[--force] [--export [--out <file>]] [--public-key] [--database-url <url> | --data-dir <dir>]',
  details: `Without options: records an anchor if anything was appended since the last one, and prints it
(JSON: the statement, its Ed25519 signature, the public key). The server also records one every
ANCHOR_INTERVAL_MINUTES. The key: ANCHOR_SIGNING_KEY, else DATA_DIR/anchor-key.pem (embedded; made
on first use).

${targetHelp}
  --force                record one even if nothing was appended since the last
  --export               print every anchor (a JSON array) for an authority to publish or countersign;
                         records nothing
  --out <file>           write the export there instead of stdout
  --public-key           print the public key (PEM) that verifies the anchors; records nothing`,
  options: {
    ...targetOptions,
    force: { type: 'boolean' },
    export: { type: 'boolean' },
    out: { type: 'string' },
    'public-key': { type: 'boolean' },
  },
  async run({ values }, output) {
    if (values.out !== undefined && !values.export) throw new CliError('--out goes with --export', 2)
    const { AnchorRaceError, listAnchors, recordAnchor, ChainBrokenError } = await import('@gsr/event-store')
    const { createPublicKey } = await import('node:crypto')
    const target = await openTarget(values)
    try {
      if (values.export) {
        const text = JSON.stringify(await listAnchors(target.sql), null, 2)
        if (typeof values.out === 'string') {
          writeFileSync(values.out, `${text}\n`)
          output.err(`anchors written to ${values.out}`)
        } else output.out(text)
        return 0
      }
      const key = await anchorKeyOf(target, { create: true })
      if (!key) throw new CliError('no signing key: set ANCHOR_SIGNING_KEY (openssl genpkey -algorithm ed25519)')
      if (values['public-key']) {
        output.out(createPublicKey(key).export({ format: 'pem', type: 'spki' }).toString().trimEnd())
        return 0
      }
      try {
        const { anchor, recorded } = await recordAnchor(target.store, target.sql, key, { force: !!values.force })
        output.err(
          recorded
            ? `anchor ${anchor.statement.sequence} recorded: ${anchor.statement.events} events in ${anchor.statement.streams} streams`
            : `nothing appended since anchor ${anchor.statement.sequence}: none recorded (--force records one)`,
        )
        output.out(JSON.stringify(anchor, null, 2))
        return 0
      } catch (error) {
        if (error instanceof ChainBrokenError)
          throw new CliError(`not anchored, the chain is broken: ${error.message}`, 3)
        if (error instanceof AnchorRaceError) throw new CliError(`${error.message} (the server anchors too)`)
        throw error
      }
    } finally {
      await target.close()
    }
  },
}
