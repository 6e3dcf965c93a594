import type { z } from 'zod'
import { chinaTimestamp, ruleTablePublicationDecider, ruleTables, type RuleTable } from '@gsr/domain'
import { ruleTableStreamName, type RuleTableEvent } from '@gsr/events/rules'
import {
  commandRoute,
  loadRuleTable,
  notFound,
  ProblemError,
  problemResponses,
  recordCommand,
  type KitApp,
  type ServiceContext,
  requestToday,
} from '@gsr/http-kit'
import {
  PublishRuleVersionBody,
  RuleTableDetail,
  RuleTableParams,
  RuleTableSummary,
  type RuleVersionView,
} from './ruleTableSchemas.ts'

const tags = ['rule tables']

function tableOrNotFound(name: string): RuleTable<unknown> {
  const table = Object.hasOwn(ruleTables, name) ? ruleTables[name] : undefined
  if (!table) throw notFound({ en: `no rule table ${name}`, 'zh-CN': `无规则表 ${name}` })
  return table
}

/**
 * Rule tables (issue 16 item 5): every table in code with its versions; an administrator
 * publishes a new version of a table that declares its rules' schema (event `RuleVersionPublished`
 * on `rule-table-<table>`), which the deciders reading that table use from its effective day.
 */
export async function ruleTableRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  /** The effective versions, each marked code or published (with who, when, citing what). */
  async function versionsOf(table: RuleTable<unknown>) {
    const events = await ctx.eventStore.readStream(ruleTableStreamName(table.name))
    const byVersion = new Map(
      events.flatMap((e) => {
        const event = e as unknown as RuleTableEvent
        return event.type === 'RuleVersionPublished' ? [[event.data.version, { e, data: event.data }] as const] : []
      }),
    )
    const effective = await loadRuleTable(ctx.eventStore, table)
    return effective.versions.map((v) => {
      const published = byVersion.get(v.version)
      const view: z.infer<typeof RuleVersionView> = {
        version: v.version,
        effectiveFrom: v.effectiveFrom,
        ...(v.corrects !== undefined ? { corrects: v.corrects } : {}),
        origin: published ? 'published' : 'code',
        ...(published
          ? {
              publishedBy: {
                organisationId: published.e.metadata.actor.organisationId,
                ...(published.e.metadata.actor.userId !== undefined
                  ? { userId: published.e.metadata.actor.userId }
                  : {}),
              },
              publishedAt: chinaTimestamp(published.e.recordedAt),
              citation: published.data.citation,
              ...(published.data.reason !== undefined ? { reason: published.data.reason } : {}),
            }
          : {}),
      }
      return { view, rules: v.rules }
    })
  }

  commandRoute(app, '/admin/rule-tables/:table/versions', {
    kinds: ['administrator'],
    tags,
    summary: 'Publish a version of a rule table (administrators)',
    description:
      'The table must exist in code and declare the shape of its rules (else 404 / 422); rules the shape refuses: 400 naming the field (rules.…). A version id is never reused (409). A new version takes effect after the newest version’s day and not before the day it is published (China time), else 422; a correction (corrects) starts on the corrected version’s day, past or not. Facts already recorded keep citing the version they were judged by.',
    params: RuleTableParams,
    body: PublishRuleVersionBody,
    refusals: [400, 401, 403, 404, 409, 422],
    record: async (request, { table: name }, body) => {
      const table = tableOrNotFound(name)
      let rules = body.rules
      if (table.rulesSchema) {
        const parsed = table.rulesSchema.safeParse(body.rules)
        if (!parsed.success) {
          const issues = parsed.error.issues.slice(0, 20)
          const fields = issues.map((i) => ['rules', ...i.path.map(String)].join('.'))
          throw new ProblemError({
            code: 'validation-failed',
            status: 400,
            detail: {
              en: `the rules of ${name} do not have the table's shape: ${fields.join(', ')}`,
              'zh-CN': `规则内容不符合规则表 ${name} 的格式：${fields.join('、')}`,
            },
            errors: issues.map((i, n) => ({ field: fields[n]!, message: i.message.slice(0, 200), in: 'body' })),
          })
        }
        rules = parsed.data as typeof rules
      }
      return recordCommand(ctx, request, ruleTableStreamName(name), ruleTablePublicationDecider(table), {
        type: 'PublishRuleVersion',
        data: {
          table: name,
          version: body.version,
          effectiveFrom: body.effectiveFrom,
          rules,
          ...(body.corrects !== undefined ? { corrects: body.corrects } : {}),
          citation: body.citation,
          ...(body.reason !== undefined ? { reason: body.reason } : {}),
          recordedOn: requestToday(request),
        },
      })
    },
  })

  app.get(
    '/rule-tables',
    {
      schema: {
        tags,
        summary: 'Every rule table, its versions (code or published: by whom, when) and effective days',
        response: { 200: RuleTableSummary.array(), ...problemResponses(401) },
      },
    },
    async () =>
      Promise.all(
        Object.values(ruleTables).map(async (table) => ({
          name: table.name,
          publishable: table.rulesSchema !== undefined,
          versions: (await versionsOf(table)).map((v) => v.view),
        })),
      ),
  )

  app.get(
    '/rule-tables/:table',
    {
      schema: {
        tags,
        summary: 'One rule table: its versions with their rules and citations',
        params: RuleTableParams,
        response: { 200: RuleTableDetail, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const table = tableOrNotFound(request.params.table)
      return {
        name: table.name,
        publishable: table.rulesSchema !== undefined,
        versions: (await versionsOf(table)).map((v) => ({
          ...v.view,
          rules: v.rules as z.infer<typeof RuleTableDetail>['versions'][number]['rules'],
        })),
      }
    },
  )
}
