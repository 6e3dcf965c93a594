/**
 * A short-lived, per-app cache of credential rows (the credential with its member and
 * organisation), so a busy client does not cost one database round trip per request.
 *
 * Only the row is cached, never the verdict: every request still checks the secret against
 * the stored hash (API keys) or the signature and claims (tokens), and expiry against now.
 * What may be stale is revocation and changes of role or organisation, for at most `ttlMs`:
 * - a revocation through `revokeCredential` in this process is seen at once (the store tells
 *   every cache to forget the credential and the sessions minted with it);
 * - a revocation by another process (services scaled out) is seen within `ttlMs`.
 * Unknown credentials are not cached (a miss always asks the database).
 */
export class CredentialCache<Row extends { id: string; parent_id: string | null }> {
  private readonly entries = new Map<string, { row: Row; until: number }>()
  /** Moves on every forget: a row read before a revocation committed is not cached after it. */
  private generation = 0

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  get(credentialId: string): Row | undefined {
    const entry = this.entries.get(credentialId)
    if (!entry) return undefined
    if (entry.until <= this.clock()) {
      this.entries.delete(credentialId)
      return undefined
    }
    return entry.row
  }

  /** Pass to `set` the value this had before the row was read. */
  get currentGeneration(): number {
    return this.generation
  }

  set(row: Row, readAtGeneration: number): void {
    if (this.ttlMs <= 0 || readAtGeneration !== this.generation) return
    this.entries.delete(row.id)
    this.entries.set(row.id, { row, until: this.clock() + this.ttlMs })
    // Oldest first: Map keeps insertion order.
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value
      if (oldest === undefined) break
      this.entries.delete(oldest)
    }
  }

  /** Forgets the credential and every session minted with it. */
  forget(credentialId: string): void {
    this.generation += 1
    for (const [id, entry] of this.entries) {
      if (id === credentialId || entry.row.parent_id === credentialId) this.entries.delete(id)
    }
  }

  clear(): void {
    this.entries.clear()
  }
}

/** Caches of the apps of this process; revokeCredential tells each of them. */
const liveCaches = new Set<{ forget(credentialId: string): void }>()

export function registerCredentialCache(cache: { forget(credentialId: string): void }): () => void {
  liveCaches.add(cache)
  return () => liveCaches.delete(cache)
}

export function forgetCredentialEverywhere(credentialId: string): void {
  for (const cache of liveCaches) cache.forget(credentialId)
}
