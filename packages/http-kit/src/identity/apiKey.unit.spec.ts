import { createHash } from 'node:crypto'
import t from 'tap'
import { hashSecret, secretMatches } from './apiKey.ts'

t.test('the stored hash is SHA-256 hex, the same whichever way Node computes it', async (t) => {
  const secret = 'Zm9vYmFyLXNlY3JldC0xMjM0NTY3ODkw'
  t.equal(hashSecret(secret), createHash('sha256').update(secret).digest('hex'), 'keys stored before still match')
  t.ok(secretMatches(secret, hashSecret(secret)))
  t.notOk(secretMatches(`${secret}x`, hashSecret(secret)))
  t.notOk(secretMatches(secret, 'abcd'), 'a malformed stored hash never matches')
})
