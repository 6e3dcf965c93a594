import { useState } from 'react'

/** A form that records one write, as `useWriteForm` gives it. */
export interface WriteForm {
  /** What the last submit was refused with (a problem+json, or what was thrown); undefined after a success. */
  readonly error: unknown
  readonly busy: boolean
  /**
   * Sends `write` with the form's Idempotency-Key; once it succeeds, the next submit of the form
   * gets a new key and `done` runs with what `write` returned. A throw is kept as `error`.
   */
  readonly submit: <T>(write: (idempotencyKey: string) => Promise<T>, done: (written: T) => void) => Promise<void>
  readonly clearError: () => void
}

/**
 * A write dialog's state: one Idempotency-Key per opened form, so a double submit (or a retry
 * after a lost answer) records once; busy while the write runs; the refusal kept to show.
 */
export function useWriteForm(): WriteForm {
  const [error, setError] = useState<unknown>()
  const [busy, setBusy] = useState(false)
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID())
  const submit = async <T>(write: (idempotencyKey: string) => Promise<T>, done: (written: T) => void) => {
    setBusy(true)
    setError(undefined)
    try {
      const written = await write(idempotencyKey)
      setIdempotencyKey(crypto.randomUUID())
      done(written)
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }
  return { error, busy, submit, clearError: () => setError(undefined) }
}
