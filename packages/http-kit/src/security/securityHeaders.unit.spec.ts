import t from 'tap'
import { securityHeaders } from './securityHeaders.ts'

t.test("helmet's headers for the options, once", async (t) => {
  const headers = securityHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  })
  t.equal(headers['content-security-policy'], "default-src 'none';frame-ancestors 'none'")
  t.equal(headers['x-content-type-options'], 'nosniff')
  t.equal(headers['x-frame-options'], 'SAMEORIGIN')
  t.match(headers['strict-transport-security'], /^max-age=\d+; includeSubDomains$/)
  t.equal(headers['cross-origin-resource-policy'], 'same-origin')
  t.notOk('x-powered-by' in headers)
  t.ok(Object.isFrozen(headers))
})

t.test('an option helmet refuses is refused at start, not on a request', async (t) => {
  t.throws(
    () =>
      securityHeaders({ contentSecurityPolicy: { useDefaults: false, directives: { frameAncestors: ["'none'"] } } }),
    /default-src/,
  )
})
