/**
 * Plans made or opened while signed in, and the seeds of those made here, in this page's memory
 * only (as the credential): a seed is revealed only to draw. Reloading the page forgets them
 * (the plans themselves are listed by the API: GET /enforcement/inspection-plans).
 */
export const plansMemory = {
  ids: [] as string[],
  seeds: new Map<string, string>(),
  remember(planId: string, seed?: string) {
    if (!this.ids.includes(planId)) this.ids.unshift(planId)
    if (seed) this.seeds.set(planId, seed)
  },
}

/** A random seed of 32 hex characters and the lower-case hex SHA-256 of its UTF-8 bytes. */
export async function newSeed(): Promise<{ seed: string; seedHash: string }> {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  const seed = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
  return { seed, seedHash: await sha256Hex(seed) }
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}
