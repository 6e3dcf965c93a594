import type { GlobalPosition } from './EventStore.ts'

export const startOfLog: GlobalPosition = { commit: 0, prepare: 0 }

export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  return a.commit - b.commit || a.prepare - b.prepare
}

/** Text form for checkpoints and HTTP: `commit:prepare`. */
export function formatPosition(position: GlobalPosition): string {
  return `${position.commit}:${position.prepare}`
}

export function parsePosition(text: string): GlobalPosition {
  const match = /^(\d+):(\d+)$/.exec(text)
  if (!match) throw new Error(`not a position: ${text}`)
  return { commit: Number(match[1]), prepare: Number(match[2]) }
}
