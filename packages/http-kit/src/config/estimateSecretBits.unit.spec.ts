import t from 'tap'
import { randomBytes } from 'node:crypto'
import { estimateSecretBits } from './estimateSecretBits.ts'

t.test('random secrets score high, patterned ones low, whatever their length', async (t) => {
  for (let i = 0; i < 20; i++) {
    t.ok(estimateSecretBits(randomBytes(48).toString('base64')) > 250, 'openssl rand -base64 48')
    t.ok(estimateSecretBits(randomBytes(32).toString('hex')) > 200, 'openssl rand -hex 32')
    t.ok(estimateSecretBits(randomBytes(32).toString('base64url')) > 150, '32 random bytes, base64url')
  }
  t.equal(estimateSecretBits('a'.repeat(32)), 0, '32 identical characters')
  t.equal(estimateSecretBits('a'.repeat(200)), 0, 'nor does length help')
  t.ok(estimateSecretBits('ab'.repeat(32)) < 70, 'a repeated pair')
  t.ok(estimateSecretBits('abcdefghijklmnopqrstuvwxyz012345') < 40, 'the alphabet in order')
  t.ok(estimateSecretBits('0123456789'.repeat(4)) < 60, 'digits in order, repeated')
})
