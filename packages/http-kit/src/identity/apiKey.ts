import * as crypto from 'node:crypto'
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * API keys look like `gsr_k0123456789abcdef.<43 chars>`: the part before the dot is the
 * credential id (looked up directly), the rest a 256-bit random secret. Only SHA-256 of the
 * secret is stored: with that much entropy a slow hash adds nothing (as GitHub's tokens).
 */
const pattern = /^gsr_(k[0-9a-f]{16})\.([A-Za-z0-9_-]{43})$/

export function newCredentialId(prefix: 'k' | 's'): string {
  return prefix + randomBytes(8).toString('hex')
}

export function newApiKey(credentialId: string): { apiKey: string; secretHash: string } {
  const secret = randomBytes(32).toString('base64url')
  return { apiKey: `gsr_${credentialId}.${secret}`, secretHash: hashSecret(secret) }
}

export function parseApiKey(text: string): { credentialId: string; secret: string } | undefined {
  const match = pattern.exec(text)
  if (!match) return undefined
  return { credentialId: match[1] as string, secret: match[2] as string }
}

export function looksLikeApiKey(text: string): boolean {
  return text.startsWith('gsr_')
}

/**
 * SHA-256 of a key's secret, on every authenticated request. The one-shot `crypto.hash`
 * (Node 20.12+) makes no native Hash object: each of those carries a weak handle that every
 * young-generation GC must visit, and they made the collector's pauses (the pre-fill check's
 * p99) 2-4 times longer. `createHash` stays for older Node 20 releases.
 */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => createHash('sha256').update(text).digest('hex')

export function hashSecret(secret: string): string {
  return sha256Hex(secret)
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex')
  const b = Buffer.from(storedHash, 'hex')
  return a.length === b.length && timingSafeEqual(a, b)
}
