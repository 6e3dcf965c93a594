import { useState } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { Alert, Button, Form, Input, Select, Space, Tag, Typography, message } from 'antd'
import dayjs from 'dayjs'
import { api, download, problemText } from '../api/client'
import type { paths } from '../api/schema'
import { DayPicker } from '../DayPicker'
import { formatChinaTime } from '../format'
import { practices, type Practice } from '../messages'
import { organisationColumn } from '../recordColumns'
import { RecordsTable } from '../RecordsTable'
import { useMessages } from '../session'
import { ok, useQuery } from '../useQuery'

type Query = NonNullable<paths['/enforcement/violations']['get']['parameters']['query']>
const filterNames = ['category', 'status', 'organisationId', 'region', 'on'] as const

/** Violations of the team's region: filters in the address (links from the overview land here), cursor pages, CSV. */
export default function Violations() {
  const m = useMessages()
  const [params, setParams] = useSearchParams()
  const [cursors, setCursors] = useState<string[]>([])
  const filters: Query = {}
  for (const name of filterNames) {
    const value = params.get(name)
    if (value) (filters as Record<string, string>)[name] = value
  }
  const after = cursors.at(-1)
  const query: Query = { ...filters, limit: 50, ...(after ? { after } : {}) }
  const list = useQuery(JSON.stringify(query), async () =>
    ok(await api.GET('/enforcement/violations', { params: { query } })),
  )
  const apply = (values: Record<string, string | undefined>) => {
    const next = new URLSearchParams()
    for (const name of filterNames) if (values[name]) next.set(name, values[name]!)
    setCursors([])
    setParams(next)
  }
  const csv = async () => {
    try {
      await download(
        `/enforcement/violations.csv?${new URLSearchParams(filters as Record<string, string>)}`,
        'violations.csv',
      )
    } catch (error) {
      void message.error(problemText(error))
    }
  }
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {m.violationsTitle}
      </Typography.Title>
      <Form
        layout="inline"
        key={params.toString()}
        initialValues={{ ...filters }}
        onFinish={(values: Record<string, string | undefined>) =>
          apply({ ...values, on: params.get('on') ?? undefined })
        }
      >
        <Form.Item label={m.practice} name="category">
          <Select
            allowClear
            placeholder={m.allPractices}
            style={{ minWidth: 220 }}
            options={practices.map((p) => ({ value: p, label: m.practices[p] }))}
          />
        </Form.Item>
        <Form.Item label={m.status} name="status">
          <Select
            allowClear
            placeholder={m.allStatuses}
            style={{ minWidth: 120 }}
            options={[
              { value: 'open', label: m.statusOpen },
              { value: 'resolved', label: m.statusResolved },
            ]}
          />
        </Form.Item>
        <Form.Item label={m.organisationId} name="organisationId">
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item label={m.region} name="region">
          <Input maxLength={6} style={{ width: 100 }} />
        </Form.Item>
        <Form.Item label={m.day}>
          <DayPicker
            id="violations-day"
            value={params.get('on') ?? dayjs().format('YYYY-MM-DD')}
            onChange={(day) => {
              const next = new URLSearchParams(params)
              next.set('on', day)
              setCursors([])
              setParams(next)
            }}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {m.search}
          </Button>
          <Button onClick={() => apply({})}>{m.reset}</Button>
          <Button onClick={csv}>{m.downloadCsv}</Button>
        </Space>
      </Form>
      {list.error && <Alert type="error" showIcon title={m.loadFailed} description={list.error} />}
      <RecordsTable
        data-testid="violations"
        loaded={list}
        rowKey="id"
        columns={[
          {
            title: m.practice,
            dataIndex: 'category',
            render: (c: Practice, v) => <Link to={`/violations/${encodeURIComponent(v.id)}`}>{m.practices[c]}</Link>,
          },
          { title: m.subject, key: 'subject', render: (_, v) => `${v.subjectKind} ${v.subjectId}` },
          organisationColumn(m),
          { title: m.region, dataIndex: 'region' },
          { title: m.occurredAt, dataIndex: 'occurredAt', render: formatChinaTime },
          {
            title: m.status,
            dataIndex: 'status',
            render: (s: string) =>
              s === 'open' ? <Tag color="#a8071a">{m.statusOpen}</Tag> : <Tag color="#135200">{m.statusResolved}</Tag>,
          },
        ]}
      />
      <Space>
        <Button disabled={cursors.length === 0} onClick={() => setCursors([])}>
          {m.first}
        </Button>
        <Button disabled={!list.data?.next} onClick={() => list.data?.next && setCursors([...cursors, list.data.next])}>
          {m.next}
        </Button>
      </Space>
    </Space>
  )
}
