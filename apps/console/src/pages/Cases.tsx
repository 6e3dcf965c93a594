import { Alert, Button, Select, Space, Tag, Typography } from 'antd'
import { api } from '../api/client'
import type { paths } from '../api/schema'
import { CaseStatistics } from '../CaseStatistics'
import { DayPicker } from '../DayPicker'
import { chinaToday, yuan } from '../format'
import { caseStages, type CaseStage } from '../messages'
import { caseIdColumn, organisationColumn } from '../recordColumns'
import { RecordsTable } from '../RecordsTable'
import { useMessages } from '../session'
import { CaseStageTags } from '../StatusTags'
import { useAddressFilters } from '../useAddressFilters'
import { ok, useQuery } from '../useQuery'

type Query = NonNullable<paths['/enforcement/cases']['get']['parameters']['query']>

/** Penalty cases (行政处罚案件) of the team's region on a day: stage, overdue and referral filters in the address. */
export default function Cases() {
  const m = useMessages()
  const { params, set } = useAddressFilters()
  const on = params.get('on') ?? chinaToday()
  const stage = (params.get('stage') ?? undefined) as CaseStage | undefined
  const overdue = params.get('overdue') === 'true'
  const referral = (params.get('referral') ?? undefined) as Query['referral']
  const organisationId = params.get('organisationId') ?? undefined
  const after = params.get('after') ?? undefined
  const query: Query = {
    on,
    limit: 100,
    ...(stage ? { stage } : {}),
    ...(overdue ? { overdue: 'true' as const } : {}),
    ...(referral ? { referral } : {}),
    ...(organisationId ? { organisationId } : {}),
    ...(after ? { after } : {}),
  }
  const cases = useQuery(JSON.stringify(query), async () =>
    ok(await api.GET('/enforcement/cases', { params: { query } })),
  )
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {m.casesTitle}
      </Typography.Title>
      <Space wrap>
        <label htmlFor="cases-day">{m.day}</label>
        <DayPicker id="cases-day" value={on} onChange={(day) => set('on', day)} />
        <Select
          aria-label={m.stage}
          allowClear
          placeholder={m.allStages}
          style={{ minWidth: 160 }}
          value={stage}
          onChange={(value?: string) => set('stage', value)}
          options={caseStages.map((s) => ({ value: s, label: m.caseStage[s] }))}
        />
        <Select
          aria-label={m.referral}
          allowClear
          placeholder={m.allReferrals}
          style={{ minWidth: 180 }}
          value={referral}
          onChange={(value?: string) => set('referral', value)}
          options={(['any', 'pending', 'accepted', 'declined'] as const).map((r) => ({
            value: r,
            label: r === 'any' ? m.referredAny : m.referralState[r],
          }))}
        />
        <Button
          aria-pressed={overdue}
          type={overdue ? 'primary' : 'default'}
          onClick={() => set('overdue', overdue ? undefined : 'true')}
        >
          {m.onlyOverdue}
        </Button>
        {organisationId && (
          <Tag closable onClose={() => set('organisationId', undefined)}>
            {m.organisation}: {organisationId}
          </Tag>
        )}
      </Space>
      {cases.error && <Alert type="error" showIcon title={m.loadFailed} description={cases.error} />}
      <RecordsTable
        data-testid="cases"
        loaded={cases}
        rowKey="caseId"
        columns={[
          caseIdColumn(m, on),
          organisationColumn(m),
          { title: m.region, dataIndex: 'region' },
          { title: m.openedOn, dataIndex: 'openedOn' },
          { title: m.decisionDue, dataIndex: 'decisionDue' },
          {
            title: m.stage,
            key: 'stage',
            render: (_, c) => <CaseStageTags case={c} />,
          },
          { title: m.fine, dataIndex: 'fineFen', align: 'right', render: yuan },
        ]}
      />
      <Space>
        <Button disabled={!after} onClick={() => set('after', undefined)}>
          {m.first}
        </Button>
        <Button disabled={!cases.data?.next} onClick={() => set('after', cases.data?.next)}>
          {m.next}
        </Button>
      </Space>
      <CaseStatistics on={on} />
    </Space>
  )
}
