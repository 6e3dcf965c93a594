import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { credentialFor, protectedRoutes } from '@gsr/http-kit/testing'
import { violationsCsvPageSize } from '@gsr/read-models/enforcement'
import { twoCounties } from './testing/twoCounties.ts'

forEachDatabase(t, async (t, db) => {
  const { app, viewer: county, otherCounty, city } = await twoCounties(t, db)
  // A filling station of the county that is no party to any record: every route is closed to it.
  const station = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const get = (url: string, headers?: Record<string, string>) =>
    app.inject({ method: 'GET', url, ...(headers ? { headers } : {}) })

  t.test('enforcement only: no credential 401, other kinds 403 on every route', async (t) => {
    // Rectification orders, supervision inspections and penalty cases are read by the organisation
    // named too (rectificationOrders.e2e.spec.ts, test/supervision-inspections.e2e.spec.ts,
    // penaltyCases.e2e.spec.ts); /enforcement/case-statistics is enforcement only and stays here; a drawn
    // inspection plan is public (riskCatalogue.e2e.spec.ts).
    const routes = protectedRoutes(app).filter(
      (r) =>
        r.pattern.startsWith('/enforcement') &&
        !r.pattern.startsWith('/enforcement/rectification-orders') &&
        !r.pattern.startsWith('/enforcement/inspection') &&
        !r.pattern.startsWith('/enforcement/cases'),
    )
    t.ok(routes.length >= 6)
    // Each with its own method: the workflows' writes are POST routes.
    const call = (route: { method: string; url: string }, headers?: Record<string, string>) =>
      app.inject({ method: route.method as 'GET' | 'POST', url: route.url, ...(headers ? { headers } : {}) })
    for (const route of routes) {
      t.equal((await call(route)).statusCode, 401, `${route.method} ${route.url} without credential`)
      t.equal((await call(route, station.headers)).statusCode, 403, `${route.method} ${route.url} as a filling station`)
    }
  })

  t.test('a county team sees its county only; the city team sees both', async (t) => {
    const mine = (await get('/enforcement/violations', county.headers)).json()
    // Per county: the scenario's violations (its late registration cures the finding: no 1a of its own).
    t.equal(mine.items.length, 7)
    t.ok(mine.items.every((v: { region: string }) => v.region === '330106'))
    const other = await get('/enforcement/violations?region=330106', otherCounty.headers)
    t.equal(other.statusCode, 403)
    t.equal(other.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.equal((await get('/enforcement/violations?region=330100', county.headers)).statusCode, 403, 'not the city above')
    const all = (await get('/enforcement/violations?limit=500', city.headers)).json()
    t.equal(all.items.length, 14)
    const foreign = mine.items[0].id as string
    t.equal((await get(`/enforcement/violations/${encodeURIComponent(foreign)}`, otherCounty.headers)).statusCode, 404)
    t.equal(
      (await get(`/enforcement/violations/${encodeURIComponent(foreign)}/evidence`, otherCounty.headers)).statusCode,
      404,
    )
    const rates = await get('/enforcement/rates?region=330106', otherCounty.headers)
    t.equal(rates.statusCode, 403)
  })

  t.test('filters: category, sub-reason, organisation, status, period', async (t) => {
    const q = async (query: string) => (await get(`/enforcement/violations?${query}`, city.headers)).json().items.length
    t.equal(await q('category=noncompliant_cylinder_filled'), 6)
    t.equal(await q('category=noncompliant_cylinder_filled&subReason=refurbished'), 2)
    t.equal(await q('status=resolved'), 4)
    t.equal(await q('status=open&region=330108'), 5)
    t.equal(await q('organisationId=a-station-1'), 5)
    t.equal(await q('from=2025-04-03&to=2025-04-04'), 4, 'two fills a day per county')
    const bad = await get('/enforcement/violations?category=nonsense', city.headers)
    t.equal(bad.statusCode, 400)
    t.match(bad.json().errors, [{ field: 'category' }])
    t.equal((await get('/enforcement/violations?after=garbage', city.headers)).statusCode, 400)
  })

  t.test('cursor pagination walks every violation once, newest first', async (t) => {
    const seen: string[] = []
    let next: string | undefined
    let pages = 0
    do {
      const page = (await get(`/enforcement/violations?limit=3${next ? `&after=${next}` : ''}`, city.headers)).json()
      seen.push(...page.items.map((v: { id: string }) => v.id))
      next = page.next
      pages += 1
    } while (next)
    t.equal(pages, 5)
    t.equal(new Set(seen).size, 14)
    const all = (await get('/enforcement/violations?limit=500', city.headers)).json().items as {
      id: string
      occurredAt: string
    }[]
    t.same(
      seen,
      all.map((v) => v.id),
    )
    t.ok(all.every((v, i) => i === 0 || all[i - 1]!.occurredAt >= v.occurredAt))
  })

  t.test('CSV export: every matching row, evidence ids included', async (t) => {
    const res = await get('/enforcement/violations.csv?status=open', city.headers)
    t.equal(res.statusCode, 200)
    t.match(res.headers['content-type'], /^text\/csv/)
    t.equal(res.headers['content-language'], 'en')
    t.ok(res.body.startsWith('\uFEFF'), 'a byte-order mark, so spreadsheets read UTF-8')
    const lines = res.body.slice(1).trimEnd().split('\r\n')
    t.equal(
      lines[0],
      'id,category,category_label,sub_reason,sub_reason_label,subject_kind,subject_id,organisation_id,region,occurred_at,detected_at,status,resolved_by_event_id,resolved_by_event_type,resolved_at,resolved_on,evidence_event_ids',
    )
    t.equal(lines.length, 1 + 10)
    const revoked = lines.find((l) => l.includes(',certificate_revoked,'))
    t.match(
      revoked,
      /,operator_uncertified,operator without a valid certificate,certificate_revoked,certificate revoked,/,
    )
  })

  t.test('CSV export in Chinese: header and labels follow Accept-Language, codes do not', async (t) => {
    const res = await get('/enforcement/violations.csv?status=open', {
      ...city.headers,
      'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5',
    })
    t.equal(res.statusCode, 200)
    t.equal(res.headers['content-language'], 'zh-CN')
    const lines = res.body.slice(1).trimEnd().split('\r\n')
    t.match(lines[0], /^编号,违法类别代码,违法类别,具体情形代码,具体情形,/)
    t.equal(lines.length, 1 + 10)
    t.match(
      lines.find((l) => l.includes(',certificate_revoked,')),
      /,operator_uncertified,作业人员无证上岗,certificate_revoked,证件撤销,/,
    )
  })

  t.test('CSV export is streamed page by page, every row once, formula triggers neutralised', async (t) => {
    // Two pages and one row of violations in another city (3302), straight into the read model.
    const rows = violationsCsvPageSize * 2 + 1
    await db.client.query(
      `INSERT INTO enf_violations (id, category, sub_reason, subject_kind, subject_id, organisation_id, region,
         occurred_at, occurred_on, detected_at, evidence, details, status)
       SELECT 'bulk:' || lpad(i::text, 5, '0'), 'missing_fill_checks', 'pre_fill_incomplete', 'fill', 'f' || i,
              CASE WHEN i = 7 THEN E'\t=1+1' WHEN i = 8 THEN E'\r=1+1' ELSE 'org-' || i END, '330201',
              timestamptz '2025-05-01T00:00:00Z' + i * interval '1 minute', '2025-05-01',
              timestamptz '2025-05-02T00:00:00Z', '[]'::jsonb, '{}'::jsonb, 'open'
         FROM generate_series(1, $1::int) AS i`,
      [rows],
    )
    const ningbo = await credentialFor(app, { kind: 'enforcement', region: '330200' })
    const res = await app.inject({
      method: 'GET',
      url: '/enforcement/violations.csv',
      headers: ningbo.headers,
      payloadAsStream: true,
    })
    t.equal(res.statusCode, 200)
    const chunks: Buffer[] = []
    for await (const chunk of res.stream()) chunks.push(chunk as Buffer)
    t.ok(chunks.length >= 3, `the reply arrives in ${chunks.length} chunks, one or more a page, not one body`)
    const text = Buffer.concat(chunks).toString('utf8')
    t.ok(text.startsWith('\uFEFFid,category,'), 'the byte-order mark and the header come first, once')
    const lines = text.slice(1).trimEnd().split('\r\n')
    t.equal(lines.filter((l) => l.startsWith('id,')).length, 1, 'one header')
    const ids = lines.slice(1).map((l) => l.split(',')[0])
    t.equal(ids.length, rows)
    t.equal(new Set(ids).size, rows, 'every row once')
    const bulkId = (i: number) => `bulk:${String(i).padStart(5, '0')}`
    t.same(ids.slice(0, 2), [bulkId(rows), bulkId(rows - 1)], 'newest first')
    t.ok(text.includes(",'\t=1+1,"), 'a leading TAB is neutralised')
    t.ok(text.includes(',"\'\r=1+1",'), 'a leading CR is neutralised (and quoted)')
  })

  t.test('evidence expanded to the events themselves', async (t) => {
    const revoked = (await get('/enforcement/violations?subReason=certificate_revoked', county.headers)).json().items[0]
    const res = await get(`/enforcement/violations/${encodeURIComponent(revoked.id)}/evidence`, county.headers)
    t.equal(res.statusCode, 200)
    const body = res.json()
    t.same(
      body.events.map((e: { type: string }) => e.type),
      ['CylinderFilled', 'OperatorCertificateRevoked'],
    )
    t.equal(body.events[1].data.revokedOn, '2025-03-01')
    t.equal(body.events[0].data.operatorId, 'a-op-2')
  })

  t.test('rates by region and day, rolled up with a breakdown', async (t) => {
    const res = (await get('/enforcement/rates?region=330100&on=2025-06-01', city.headers)).json()
    t.equal(res.on, '2025-06-01')
    t.match(res.rates[0], { rate: 'construction_notification', numerator: 0, denominator: 2, value: 0 })
    t.same(
      res.rates[0].shortfalls.map((s: { pipelineId: string }) => s.pipelineId),
      ['a-PL-1', 'b-PL-1'],
    )
    t.same(
      res.breakdown.map((b: { region: string }) => b.region),
      ['330106', '330108'],
    )
    const before = (await get('/enforcement/rates?region=330106&on=2025-01-01', county.headers)).json()
    t.equal(before.rates[0].denominator, 0)
    const defaultDay = (await get('/enforcement/rates', county.headers)).json()
    t.equal(defaultDay.on, '2025-06-30', "today in China time from the app's clock")
    t.equal(defaultDay.region, '330106')
  })

  t.test('labels for people in zh-CN and English; problems answered in the asked language', async (t) => {
    const catalogue = (await get('/enforcement/catalogue', county.headers)).json()
    const labels: [string, { 'zh-CN': string; en: string }][] = []
    for (const [category, entry] of Object.entries(
      catalogue.violations as Record<string, { label: never; subReasons: Record<string, never> }>,
    )) {
      labels.push([category, entry.label])
      for (const [subReason, label] of Object.entries(entry.subReasons))
        labels.push([`${category}/${subReason}`, label])
    }
    for (const [rate, label] of Object.entries(catalogue.rates)) labels.push([rate, label as never])
    for (const [reason, label] of Object.entries(catalogue.shortfallReasons)) labels.push([reason, label as never])
    t.ok(labels.length >= 5 + 19 + 4 + 6, `${labels.length} labels`)
    for (const [code, label] of labels) {
      t.match(label['zh-CN'], /[\u4e00-\u9fff]/, `${code}: zh-CN`)
      t.match(label.en, /^[\x20-\x7e]+$/, `${code}: en`)
    }
    const rates = (await get('/enforcement/rates?region=330100&on=2025-06-01', city.headers)).json()
    for (const rate of rates.rates as { shortfalls: { reason: string }[] }[])
      for (const s of rate.shortfalls) t.ok(catalogue.shortfallReasons[s.reason], `${s.reason} has a label`)

    const zh = await get('/enforcement/violations?region=330106', {
      ...otherCounty.headers,
      'accept-language': 'zh-CN',
    })
    t.match(zh.json(), { status: 403, title: /[\u4e00-\u9fff]/ })
    const en = await get('/enforcement/violations?region=330106', { ...otherCounty.headers, 'accept-language': 'en' })
    t.match(en.json(), { status: 403, title: /^[\x20-\x7e]+$/ })
    const badCursor = await get('/enforcement/violations?after=garbage', {
      ...city.headers,
      'accept-language': 'zh-CN',
    })
    t.match(badCursor.json(), { detail: '无法识别的游标' })
  })

  t.test('organisation summary and risk grade', async (t) => {
    const res = (await get('/enforcement/organisations/a-station-1/summary?on=2025-06-30', county.headers)).json()
    t.equal(res.openViolations, 5)
    t.match(res.risk, { rule: { name: 'riskCatalogueRules' } })
    // The risk catalogue's grade: a filling station (8) + 3 non-compliant fills (5 each), 1 operator (4) and
    // 1 check (1), all in the last 90 days (in full) = 28 -> D
    t.same([res.risk.score, res.risk.grade], [28, 'D'])
    t.equal(res.risk.explanation, '/enforcement/risk-catalogue/a-station-1?on=2025-06-30')
    const later = (await get('/enforcement/organisations/a-station-1/summary?on=2026-06-30', county.headers)).json()
    t.same(
      [later.openViolations, later.risk.score, later.risk.grade],
      [5, 12, 'C'],
      'a year on, the same violations count a fifth: the grade recovers',
    )
    t.equal(res.name, '加气站 a-station-1')
    const hidden = await get('/enforcement/organisations/a-station-1/summary', otherCounty.headers)
    t.equal(hidden.statusCode, 404, "another county's team: outside its scope, as if it did not exist")
  })

  t.test(
    'a risk grade on a day before any riskCatalogueRules version: refused, never graded by a later version',
    async (t) => {
      const res = await get('/enforcement/organisations/a-station-1/summary?on=2021-12-31', county.headers)
      t.equal(res.statusCode, 422)
      t.match(res.headers['content-type'], /application\/problem\+json/)
      t.match(res.json(), {
        type: /no-rule-in-force/,
        detail: /riskCatalogueRules: no rule version in force on 2021-12-31/,
      })
      const zh = await get('/enforcement/organisations/a-station-1/summary?on=2021-12-31', {
        ...county.headers,
        'accept-language': 'zh-CN',
      })
      t.match(zh.json(), { detail: '规则表 riskCatalogueRules 在 2021-12-31 没有生效的版本' })
      const first = await get('/enforcement/organisations/a-station-1/summary?on=2022-01-01', county.headers)
      t.match(first.json(), { risk: { rule: { name: 'riskCatalogueRules', version: '2022.1' } } }, 'from its first day')
    },
  )
})
