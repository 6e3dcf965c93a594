import { createContext, useContext } from 'react'
import type { paths } from './api/schema'
import { catalogue, type Language, type Messages } from './messages'

export type Me = paths['/auth/me']['get']['responses'][200]['content']['application/json']

export interface Session {
  readonly me: Me
  readonly signOut: () => void
}

export const SessionContext = createContext<Session | undefined>(undefined)

export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('no session')
  return session
}

export interface LanguageState {
  readonly language: Language
  readonly setLanguage: (language: Language) => void
}

export const LanguageContext = createContext<LanguageState>({ language: 'zh-CN', setLanguage: () => {} })

/** The labels of the current language. */
export function useMessages(): Messages {
  return catalogue[useContext(LanguageContext).language]
}

export function useLanguage(): LanguageState {
  return useContext(LanguageContext)
}
