import { Alert, Table, Typography } from 'antd'
import { api } from './api/client'
import { yuan } from './format'
import { useMessages } from './session'
import { ok, useQuery } from './useQuery'

/** The first day of the twelve months to `on` (its own month the last). */
const twelveMonthsTo = (on: string) => {
  const [year, month] = on.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(year, month - 12, 1)).toISOString().slice(0, 10)
}

/** Penalty cases by region and month over the twelve months to `on`: opened, decided, closed, dropped, fines. */
export function CaseStatistics(props: { on: string }) {
  const m = useMessages()
  const from = twelveMonthsTo(props.on)
  const stats = useQuery(`case-statistics:${from}:${props.on}`, async () =>
    ok(await api.GET('/enforcement/case-statistics', { params: { query: { from, to: props.on } } })),
  )
  return (
    <section aria-labelledby="case-statistics">
      <Typography.Title level={2} id="case-statistics" style={{ fontSize: 18 }}>
        {m.stats.caseStatistics} · {from} – {props.on}
      </Typography.Title>
      {stats.error && <Alert type="error" showIcon title={m.loadFailed} description={stats.error} />}
      <Table
        data-testid="case-statistics"
        size="small"
        loading={stats.loading}
        rowKey={(r) => `${r.region}:${r.month}`}
        dataSource={stats.data?.months ?? []}
        pagination={{ pageSize: 24, hideOnSinglePage: true }}
        scroll={{ x: true }}
        columns={[
          { title: m.stats.month, dataIndex: 'month' },
          { title: m.region, dataIndex: 'region' },
          { title: m.stats.opened, dataIndex: 'opened', align: 'right' },
          { title: m.stats.decided, dataIndex: 'decided', align: 'right' },
          { title: m.stats.closed, dataIndex: 'closed', align: 'right' },
          { title: m.stats.dropped, dataIndex: 'dropped', align: 'right' },
          { title: m.stats.finesImposed, dataIndex: 'finesImposedFen', align: 'right', render: yuan },
          { title: m.stats.finesCollected, dataIndex: 'finesCollectedFen', align: 'right', render: yuan },
        ]}
      />
    </section>
  )
}
