import type { FastifyRequest } from 'fastify'
import { forbidden, notFound } from '@gsr/http-kit'

/**
 * Identity of an organisation is managed by the administrators, and by the organisation's own
 * admins for its people and keys. Another organisation's existence does not leak (404).
 */
export function requireManage(request: FastifyRequest, organisationId: string): void {
  const p = request.principal
  if (p.organisationKind === 'administrator' && p.role === 'admin') return
  if (p.organisationId !== organisationId) throw notFound()
  if (p.role !== 'admin') throw forbidden({ en: 'needs the admin role', 'zh-CN': '需要管理员角色' })
}

/** Reading: administrators see all; anyone sees their own organisation. */
export function requireRead(request: FastifyRequest, organisationId: string): void {
  const p = request.principal
  if (p.organisationKind === 'administrator') return
  if (p.organisationId !== organisationId) throw notFound()
}
