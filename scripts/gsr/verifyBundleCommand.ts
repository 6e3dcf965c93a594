import { readFileSync } from 'node:fs'
import { CliError, type Command } from './Command.ts'

/** `gsr verify-bundle FILE`: an evidence bundle checked offline, without a database. */
export const verifyBundleCommand: Command = {
  name: 'verify-bundle',
  summary: 'Check an evidence bundle offline: the anchor signature, each event’s hash, its chain up to the anchor.',
  synopsis: '<bundle.json> [--trust <public-key-file>]...',
  details: `Needs no database and no server. The file is an evidence proof (\`npm run gsr -- prove\`) or a
bundle holding one under "proof". Checks the anchor's Ed25519 signature, then for every event that
its content matches its hash, that its stream's chain leads from it to the head the anchor
recorded, and that the head's Merkle path leads to the signed root. Names each event that fails.

  --trust <file>         the public key (SPKI PEM or base64) the anchor must be signed with;
                         repeatable; without it the bundle's own key is used and its fingerprint shown,
                         to compare with the one the authority published

exit codes: 0 verified, 3 something does not verify (each failure on stdout), 1 unreadable, 2 bad arguments`,
  options: { trust: { type: 'string', multiple: true } },
  positionals: [1, 1],
  async run({ values, positionals }, output) {
    const { publicKeyText, verifyEvidenceProof } = await import('@gsr/event-store')
    const { createHash, createPublicKey } = await import('node:crypto')
    const trusted = ((values.trust as string[] | undefined) ?? []).map((file) => {
      try {
        const text = readFileSync(file, 'utf8').trim()
        return text.startsWith('-----') ? publicKeyText(createPublicKey(text)) : text
      } catch (error) {
        throw new CliError(`--trust ${file}: ${(error as Error).message}`, 2)
      }
    })
    const file = positionals[0]!
    let parsed: { proof?: unknown; format?: unknown }
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8')) as typeof parsed
    } catch (error) {
      throw new CliError(`${file}: ${(error as Error).message}`)
    }
    const proof = (parsed.format === undefined && parsed.proof ? parsed.proof : parsed) as Parameters<
      typeof verifyEvidenceProof
    >[0]
    if (!proof?.anchor?.statement || !Array.isArray(proof.events))
      throw new CliError(`${file}: not an evidence bundle (no anchor and events)`)
    let problems: string[]
    try {
      problems = verifyEvidenceProof(proof, trusted.length > 0 ? trusted : undefined)
    } catch (error) {
      problems = [`malformed proof: ${(error as Error).message}`]
    }
    const fingerprint = createHash('sha256').update(proof.anchor.publicKey, 'base64').digest('hex').slice(0, 32)
    output.err(
      `anchor ${proof.anchor.statement.sequence} of ${proof.anchor.statement.anchoredAt}, key SHA-256 ${fingerprint}${trusted.length ? ' (trusted)' : ' (not checked against a trusted key: pass --trust)'}`,
    )
    if (problems.length > 0) {
      for (const problem of problems) output.out(`FAILS: ${problem}`)
      return 3
    }
    output.out(`verified: ${proof.events.length} events, each chained up to the signed anchor`)
    return 0
  },
}
