import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { SignJWT } from 'jose'
import { authenticateApiKey, issueToken, revokeCredential } from '../identity/identityStore.ts'
import { credentialFor } from './index.ts'

/**
 * Headers every protected route must answer 401 to: none, malformed, a forged API key secret,
 * a revoked key, tokens forged, unsigned, expired and revoked. Also returns a live key and
 * token, to show the 401s are about the credential and not the route.
 */
export async function badCredentials(app: FastifyInstance): Promise<{
  attempts: Record<string, Record<string, string>>
  valid: Record<string, Record<string, string>>
}> {
  const sql = app.kit.sql
  const secret = app.kit.config.authSecret
  const now = app.kit.clock.now()
  const live = await credentialFor(app, { kind: 'administrator', role: 'admin' })
  const principal = await authenticateApiKey(sql, live.apiKey, now)
  if (!principal) throw new Error('fixture key does not authenticate')
  const liveToken = await issueToken(sql, { principal, secret, ttlSeconds: 900, now })

  const revokedKey = await credentialFor(app, { kind: 'administrator', role: 'admin' })
  await revokeCredential(sql, revokedKey.credentialId, now)
  const revokedToken = await issueToken(sql, { principal, secret, ttlSeconds: 900, now })
  await revokeCredential(sql, revokedToken.sessionId, now)
  const expiredToken = await issueToken(sql, {
    principal,
    secret,
    ttlSeconds: 60,
    now: new Date(now.getTime() - 3_600_000),
  })
  const forgedToken = await new SignJWT({ org: live.organisationId })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('gsr')
    .setAudience('gsr-api')
    .setSubject(live.memberId)
    .setJti(liveToken.sessionId)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(now.getTime() / 1000) + 600)
    .sign(randomBytes(32))
  const unsignedToken = liveToken.token.split('.').slice(0, 2).join('.') + '.'
  const forgedKey = `gsr_${live.credentialId}.${randomBytes(32).toString('base64url')}`
  return {
    attempts: {
      'no credential': {},
      'not a bearer scheme': { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      'garbage bearer': { authorization: 'Bearer nonsense' },
      'API key with a forged secret': { authorization: `Bearer ${forgedKey}` },
      'forged key in X-Api-Key': { 'x-api-key': forgedKey },
      'revoked API key': revokedKey.headers,
      'token signed with another secret': { authorization: `Bearer ${forgedToken}` },
      'token with the signature stripped': { authorization: `Bearer ${unsignedToken}` },
      'expired token': { authorization: `Bearer ${expiredToken.token}` },
      'revoked token': { authorization: `Bearer ${revokedToken.token}` },
    },
    valid: { 'API key': live.headers, token: { authorization: `Bearer ${liveToken.token}` } },
  }
}
