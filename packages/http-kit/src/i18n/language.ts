import type { FastifyRequest } from 'fastify'

export type Language = 'en' | 'zh-CN'

/**
 * Picks zh-CN or English from Accept-Language by quality; English when nothing matches.
 * `zh`, `zh-CN`, `zh-Hans` all mean Simplified Chinese here.
 */
export function languageOf(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'en'
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean)
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q), index }
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN'
    if (tag === 'en' || tag.startsWith('en-')) return 'en'
  }
  return 'en'
}

export function requestLanguage(request: FastifyRequest): Language {
  return languageOf(request.headers['accept-language'])
}
