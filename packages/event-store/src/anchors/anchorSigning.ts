import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { canonicalJson } from '../chain/canonicalJson.ts'
import type { GlobalPosition } from '../EventStore.ts'

/** What an anchor says, signed as its canonical JSON text. */
export interface AnchorStatement {
  readonly format: 'gsr-anchor/1'
  /** 1, 2, 3, … */
  readonly sequence: number
  readonly anchoredAt: string
  /** The last event covered (every event at or before it in the global order); null for an empty log. */
  readonly position: GlobalPosition | null
  readonly streams: number
  readonly events: number
  /** Merkle root over every stream's head (chain/merkle.ts), hex. */
  readonly root: string
  /** The previous anchor's root: anchors form a chain too, so none can be dropped unnoticed. */
  readonly previousRoot: string | null
}

/** An anchor as exported: an authority can publish it, or countersign `statement`. */
export interface SignedAnchor {
  readonly statement: AnchorStatement
  /** Ed25519 over the UTF-8 of canonicalJson(statement), base64. */
  readonly signature: string
  /** The signer's public key, SPKI DER in base64. */
  readonly publicKey: string
}

export function signAnchor(statement: AnchorStatement, key: KeyObject): SignedAnchor {
  return {
    statement,
    signature: sign(null, Buffer.from(canonicalJson(statement), 'utf8'), key).toString('base64'),
    publicKey: publicKeyText(key),
  }
}

/** Whether the signature is good and made by one of the trusted keys (SPKI base64). */
export function anchorSignatureProblem(anchor: SignedAnchor, trustedKeys: readonly string[]): string | undefined {
  if (!trustedKeys.includes(anchor.publicKey)) return 'signed by a key that is not trusted'
  const key = createPublicKey({ key: Buffer.from(anchor.publicKey, 'base64'), format: 'der', type: 'spki' })
  const good = verify(
    null,
    Buffer.from(canonicalJson(anchor.statement), 'utf8'),
    key,
    Buffer.from(anchor.signature, 'base64'),
  )
  return good ? undefined : 'signature does not match the statement'
}

export function publicKeyText(key: KeyObject): string {
  return createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('base64')
}

export const anchorKeyFileName = 'anchor-key.pem'

/**
 * The server's Ed25519 anchor-signing key: `ANCHOR_SIGNING_KEY` (PKCS#8 PEM, or its DER in
 * base64) when set; otherwise, in the embedded mode, `DATA_DIR/anchor-key.pem`, made on first
 * use (0600, like the auth secret). Never in the repository; undefined when neither exists.
 */
export function loadAnchorKey(options: {
  readonly configured?: string | undefined
  readonly dataDir?: string
  readonly create?: boolean
}): KeyObject | undefined {
  if (options.configured) {
    const text = options.configured.trim()
    const key = text.startsWith('-----')
      ? createPrivateKey(text)
      : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' })
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('ANCHOR_SIGNING_KEY is not an Ed25519 private key')
    return key
  }
  if (!options.dataDir) return undefined
  const file = join(options.dataDir, anchorKeyFileName)
  if (!existsSync(file)) {
    if (!options.create) return undefined
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
    const { privateKey } = generateKeyPairSync('ed25519')
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' })
    chmodSync(file, 0o600)
  }
  return createPrivateKey(readFileSync(file, 'utf8'))
}
