import { createHash } from 'node:crypto'

/**
 * RFC 4122 name-based UUID (SHA-1, version 5): the same name always gives the same id, which
 * is how re-running the scheduler or re-importing a file appends nothing new.
 */
export function uuidv5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex')
  if (ns.length !== 16) throw new Error(`not a UUID namespace: ${namespace}`)
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest()
  hash[6] = (hash[6]! & 0x0f) | 0x50
  hash[8] = (hash[8]! & 0x3f) | 0x80
  const hex = hash.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** Namespace of this project's deterministic event ids (random, fixed forever). */
export const gsrEventNamespace = '6f1d8a52-3c1e-4f0b-9a57-2d4e8b0c7f31'
