import type { Language } from '../i18n/language.ts'

export interface FieldProblem {
  /** Dotted path of the offending field (`items.0.code`); for unknown keys, the key. */
  readonly field: string
  readonly message: string
  /** Where the field is: body, querystring, params or headers. */
  readonly in?: string
}

/** Text in both languages, or one text for both. */
export type LocalisedText = string | { readonly en: string; readonly 'zh-CN': string }

export interface ProblemInit {
  /** A code from the catalogue (kit's or a module's `problems`); becomes `urn:gsr:problem:<code>`. */
  readonly code: string
  /** Defaults to the catalogue's status for the code. */
  readonly status?: number
  /** Defaults to the catalogue's localised title. */
  readonly title?: LocalisedText
  readonly detail?: LocalisedText
  readonly errors?: readonly FieldProblem[]
}

/** Throw it from a handler to answer with application/problem+json (RFC 9457). */
export class ProblemError extends Error {
  override readonly name = 'ProblemError'
  constructor(readonly init: ProblemInit) {
    super(typeof init.detail === 'string' ? init.detail : (init.detail?.en ?? init.code))
  }
}

export function localise(text: LocalisedText | undefined, language: Language): string | undefined {
  if (text === undefined || typeof text === 'string') return text
  return text[language]
}

export const unauthenticated = (detail?: LocalisedText) =>
  new ProblemError({ code: 'unauthenticated', ...(detail ? { detail } : {}) })
export const forbidden = (detail?: LocalisedText) =>
  new ProblemError({ code: 'forbidden', ...(detail ? { detail } : {}) })
export const notFound = (detail?: LocalisedText) =>
  new ProblemError({ code: 'not-found', ...(detail ? { detail } : {}) })
