import { readFileSync } from 'node:fs'
import { CliError, type Command } from './Command.ts'
import { anchorKeyOf, openTarget, targetHelp, targetOptions } from './target.ts'

/** `gsr verify-log`: the whole log re-verified, the first broken link named. */
export const verifyLogCommand: Command = {
  name: 'verify-log',
  summary: 'Re-verify the whole event log: every hash link, every signed anchor; print the first broken link.',
  synopsis:
    '[--trust <public-key-file>]... [--anchors <exported-anchors.json>] [--database-url <url> | --data-dir <dir>]',
  details: `Walks the log in its global order and checks each event's hash link in its stream, each
anchor's signature and its root over the stream heads at its position, and (PostgreSQL) that
es_streams agrees with the events. Prints the first broken link: its stream, revision and position.

${targetHelp}
  --trust <file>         a public key (SPKI PEM or base64) whose anchor signatures are accepted;
                         repeatable; the server's own key (ANCHOR_SIGNING_KEY or the data folder's) is
                         trusted without it
  --anchors <file>       anchors exported earlier (\`gsr anchor --export\`, e.g. as published): each
                         must still be in the log and match it

exit codes: 0 intact, 3 broken (the first break on stdout), 1 could not verify, 2 bad arguments`,
  options: {
    ...targetOptions,
    trust: { type: 'string', multiple: true },
    anchors: { type: 'string' },
  },
  async run({ values }, output) {
    const { describeBreak, publicKeyText, verifyLog } = await import('@gsr/event-store')
    const { createPublicKey } = await import('node:crypto')
    const trustedKeys = ((values.trust as string[] | undefined) ?? []).map((file) => {
      try {
        const text = readFileSync(file, 'utf8').trim()
        return text.startsWith('-----') ? publicKeyText(createPublicKey(text)) : text
      } catch (error) {
        throw new CliError(`--trust ${file}: ${(error as Error).message}`, 2)
      }
    })
    let externalAnchors
    if (typeof values.anchors === 'string') {
      try {
        externalAnchors = JSON.parse(readFileSync(values.anchors, 'utf8')) as unknown
        if (!Array.isArray(externalAnchors)) throw new Error('not a JSON array of anchors')
      } catch (error) {
        throw new CliError(`--anchors ${values.anchors}: ${(error as Error).message}`, 2)
      }
    }
    const target = await openTarget(values)
    try {
      const own = await anchorKeyOf(target, { create: false })
      if (own) trustedKeys.push(publicKeyText(own))
      output.err(`verifying ${target.where} ...`)
      const started = Date.now()
      const report = await verifyLog(target.store, target.sql, {
        trustedKeys,
        ...(externalAnchors ? { externalAnchors } : {}),
        ...(target.store.heldBack ? { eventStoreSql: target.sql } : {}),
        onProgress: (events) => output.err(`  ${events.toLocaleString('en-US')} events`),
      })
      const seconds = ((Date.now() - started) / 1000).toFixed(1)
      const summary = `${report.events} events in ${report.streams} streams, ${report.anchors} anchors, ${seconds} s`
      if (report.broken) {
        output.out(`BROKEN: ${describeBreak(report.broken)}`)
        output.err(`checked up to the break: ${summary}`)
        return 3
      }
      output.out(`intact: ${summary}`)
      if (report.anchors === 0) output.err('no anchors yet: record one with `npm run gsr -- anchor`')
      return 0
    } finally {
      await target.close()
    }
  },
}
