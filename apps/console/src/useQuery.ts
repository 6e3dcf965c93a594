import { useEffect, useState } from 'react'
import { problemText } from './api/client'

export interface Loaded<T> {
  readonly data: T | undefined
  readonly error: string | undefined
  readonly loading: boolean
}

/** Runs `load` whenever `key` changes (key names everything `load` reads); the latest answer wins. */
export function useQuery<T>(key: string, load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: undefined, error: undefined, loading: true })
  useEffect(() => {
    let current = true
    setState((s) => ({ ...s, loading: true, error: undefined }))
    load().then(
      (data) => current && setState({ data, error: undefined, loading: false }),
      (error: unknown) => current && setState({ data: undefined, error: problemText(error), loading: false }),
    )
    return () => {
      current = false
    }
  }, [key])
  return state
}

/** The data of an openapi-fetch answer, or its problem thrown. */
export function ok<T>(answer: { data?: T; error?: unknown }): T {
  if (answer.data === undefined) throw answer.error ?? new Error('no answer')
  return answer.data
}
