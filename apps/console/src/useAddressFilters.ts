import { useSearchParams } from 'react-router-dom'

/**
 * A list page's filters kept in the address, so links land on them and a reload keeps them:
 * `set` changes one (an empty value removes it) and goes back to the first page (the cursor
 * `after` is dropped; setting `after` itself turns the page).
 */
export function useAddressFilters(): {
  readonly params: URLSearchParams
  readonly set: (name: string, value: string | undefined) => void
} {
  const [params, setParams] = useSearchParams()
  const set = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params)
    next.delete('after')
    if (value) next.set(name, value)
    else next.delete(name)
    setParams(next)
  }
  return { params, set }
}
