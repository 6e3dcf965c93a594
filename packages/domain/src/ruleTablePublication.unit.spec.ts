import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { z } from 'zod'
import { DomainError } from './Decider.ts'
import { ruleTable, withPublished, type RuleVersion } from './RuleTable.ts'
import { ruleTables } from './ruleTables.ts'
import { publishedVersion, ruleTablePublicationDecider, type RuleTableCommand } from './ruleTablePublication.ts'
import { rectificationOrderDeciderWith } from './enforcement/rectificationOrderDecider.ts'
import { rectificationOrderRules } from './enforcement/rectificationOrderRules.ts'

const code = ruleTable(
  'example',
  [
    { version: '1', effectiveFrom: '2020-01-01', rules: { days: 10 } },
    { version: '2', effectiveFrom: '2024-01-01', rules: { days: 20 } },
  ],
  { rulesSchema: z.strictObject({ days: z.int() }) },
)

t.test('withPublished: code versions and published ones merged; a correction wins from its day', async (t) => {
  t.equal(withPublished(code, []), code, 'nothing published: the code table itself')
  const merged = withPublished(code, [
    { version: '3', effectiveFrom: '2027-01-01', rules: { days: 30 } },
    { version: '2-fix', effectiveFrom: '2024-01-01', corrects: '2', rules: { days: 21 } },
  ])
  t.same(
    merged.versions.map((v) => v.version),
    ['1', '2', '2-fix', '3'],
  )
  t.equal(merged.at('2023-12-31').version, '1')
  t.equal(merged.at('2024-01-01').version, '2-fix', 'the correction replaces 2 on every day it covered')
  t.equal(merged.at('2026-12-31').version, '2-fix')
  t.equal(merged.at('2027-01-01').version, '3', 'a published version from its effective day')
  t.ok(merged.rulesSchema, 'the schema stays')
  const chained = withPublished(code, [
    { version: '2-fix', effectiveFrom: '2024-01-01', corrects: '2', rules: { days: 21 } },
    { version: '2-fix2', effectiveFrom: '2024-01-01', corrects: '2-fix', rules: { days: 22 } },
  ])
  t.equal(chained.at('2025-01-01').version, '2-fix2', 'a correction of a correction wins')
  t.throws(
    () => withPublished(code, [{ version: 'x', effectiveFrom: '2024-01-01', rules: { days: 1 } }]),
    /both start on 2024-01-01/,
    'a second version on a day, not a correction: refused as in code',
  )
})

const decider = ruleTablePublicationDecider(code)
const publish = (data: Partial<RuleTableCommand['data']>): RuleTableCommand => ({
  type: 'PublishRuleVersion',
  data: {
    table: 'example',
    version: '3',
    effectiveFrom: '2026-07-01',
    rules: { days: 30 },
    citation: 'Reg. 1',
    recordedOn: '2026-06-30',
    ...data,
  },
})
const refusal = (command: RuleTableCommand, published: RuleVersion<unknown>[] = []) => {
  try {
    decider.decide(command, { published })
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, fields: e.fields }
    throw e
  }
  return undefined
}

t.test('publication: effective day, version ids, corrections', async (t) => {
  const [event] = decider.decide(publish({}), decider.initialState())
  t.same(event, {
    type: 'RuleVersionPublished',
    data: { table: 'example', version: '3', effectiveFrom: '2026-07-01', rules: { days: 30 }, citation: 'Reg. 1' },
  })
  t.same(decider.evolve(decider.initialState(), event!).published, [publishedVersion(event!.data)])
  t.notOk(refusal(publish({ effectiveFrom: '2026-06-30' })), 'from the record day itself')
  const three = [{ version: '3', effectiveFrom: '2026-07-01', rules: { days: 30 } }]
  t.same(refusal(publish({ version: '2' })), { code: 'rule-version-exists', fields: ['version'] }, 'a code id')
  t.same(refusal(publish({ version: '3', effectiveFrom: '2027-01-01' }), three), {
    code: 'rule-version-exists',
    fields: ['version'],
  })
  t.same(refusal(publish({ effectiveFrom: '2026-06-29' })), {
    code: 'rule-version-backdated',
    fields: ['effectiveFrom'],
  })
  t.same(refusal(publish({ version: '4', effectiveFrom: '2026-07-01' }), three), {
    code: 'rule-version-not-after-newest',
    fields: ['effectiveFrom'],
  })
  t.same(refusal(publish({ version: '4', effectiveFrom: '2023-01-01', recordedOn: '2022-01-01' })), {
    code: 'rule-version-not-after-newest',
    fields: ['effectiveFrom'],
  })
  // A correction: on the corrected version's day, past or not.
  t.notOk(refusal(publish({ version: '2-fix', effectiveFrom: '2024-01-01', corrects: '2' })))
  t.same(refusal(publish({ version: '2-fix', effectiveFrom: '2024-02-01', corrects: '2' })), {
    code: 'correction-not-on-corrected-day',
    fields: ['effectiveFrom'],
  })
  t.same(refusal(publish({ version: '9-fix', corrects: '9' })), {
    code: 'corrected-version-not-found',
    fields: ['corrects'],
  })
  const fixed = [{ version: '2-fix', effectiveFrom: '2024-01-01', corrects: '2', rules: { days: 21 } }]
  t.same(refusal(publish({ version: '2-fix2', effectiveFrom: '2024-01-01', corrects: '2' }), fixed), {
    code: 'rule-version-already-corrected',
    fields: ['corrects'],
  })
  t.notOk(refusal(publish({ version: '2-fix2', effectiveFrom: '2024-01-01', corrects: '2-fix' }), fixed), 'chained')
  const codeOnly = ruleTablePublicationDecider(ruleTables['dateWindow']!)
  t.throws(() => codeOnly.decide(publish({ table: 'dateWindow' }), { published: [] }), {
    code: 'rule-table-not-publishable',
  })
})

t.test('every rule table in code is listed; the publishable ones validate their rules', async (t) => {
  // Every `ruleTable(...)` made in this package's sources, by name (a table added in code must be listed).
  const root = fileURLToPath(new URL('.', import.meta.url))
  const inCode = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
    .flatMap((file) => [...readFileSync(join(root, file), 'utf8').matchAll(/= ruleTable(?:<[^=]*?>)?\(\s*'([^']+)'/g)])
    .map((match) => match[1])
  t.same(Object.keys(ruleTables).sort(), inCode.sort())
  t.same(
    Object.values(ruleTables)
      .filter((table) => table.rulesSchema)
      .map((table) => table.name)
      .sort(),
    [
      'cylinderTypeRules',
      'inspectionDueNotice',
      'inspectionIntervals',
      'operatorCertificateRules',
      'pipelineInUseRequiredFields',
      'rectificationOrderRules',
      'registrationDeadline',
    ],
  )
  for (const table of Object.values(ruleTables).filter((table) => table.rulesSchema)) {
    for (const version of table.versions) {
      const parsed = table.rulesSchema!.safeParse(version.rules)
      t.ok(
        parsed.success,
        `${table.name} ${version.version} passes its own schema ${JSON.stringify(parsed.error?.issues)}`,
      )
    }
  }
  const schema = rectificationOrderRules.rulesSchema!
  t.ok(schema.safeParse(rectificationOrderRules.versions[0]!.rules).success, 'the code version passes its own schema')
  const bad = schema.safeParse({ ...rectificationOrderRules.versions[0]!.rules, defaultDeadlineDays: 100 })
  t.same(
    bad.error?.issues.map((i) => i.path),
    [['defaultDeadlineDays']],
    'default longer than the maximum',
  )
})

t.test('facts keep the version they were judged by; a later fact cites the new one', async (t) => {
  const v2027 = { ...rectificationOrderRules.versions[0]!.rules, defaultDeadlineDays: 30 }
  const table = withPublished(rectificationOrderRules, [
    { version: '2027.1', effectiveFrom: '2027-01-01', rules: v2027 },
  ])
  const decider = rectificationOrderDeciderWith(table)
  const issue = (issuedOn: string) =>
    decider.decide(
      {
        type: 'IssueRectificationOrder',
        data: {
          orderId: 'RO-1',
          enforcementOrganisationId: 'team',
          region: '330106',
          organisationId: 'org',
          problems: [{ source: 'violation', id: 'v1', category: 'fill_checks_missing' }],
          issuedOn,
        },
      },
      {},
    )[0]!.data as { rule: unknown; deadline: string }
  t.match(issue('2026-12-31'), { rule: { version: '2014.1' }, deadline: '2027-01-15' }, 'a day before: 2014.1')
  t.match(issue('2027-01-01'), { rule: { version: '2027.1' }, deadline: '2027-01-31' }, 'from its day: 2027.1')
})
