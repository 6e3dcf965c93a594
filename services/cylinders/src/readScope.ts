import type { FastifyRequest } from 'fastify'
import { regionPrefixes } from '@gsr/http-kit'
import type { ReadScope } from '@gsr/read-models/cylinders'

/** Enforcement reads its region and below; administrators everything; the rest their own records. */
export function readScopeOf(request: FastifyRequest): ReadScope {
  const p = request.principal
  if (p.organisationKind === 'administrator') return { all: true }
  if (p.organisationKind === 'enforcement') return { regionPrefixes: regionPrefixes(p) }
  return { organisationId: p.organisationId }
}
