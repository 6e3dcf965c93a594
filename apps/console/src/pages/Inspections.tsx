import { useState } from 'react'
import { Alert, Button, DatePicker, Form, Input, Modal, Radio, Select, Space, Tag, Typography, message } from 'antd'
import dayjs from 'dayjs'
import { api } from '../api/client'
import { DayPicker } from '../DayPicker'
import { chinaToday } from '../format'
import { ProblemAlert } from '../ProblemAlert'
import { organisationColumn } from '../recordColumns'
import { RecordsTable } from '../RecordsTable'
import { useLanguage, useMessages, useSession } from '../session'
import { useAddressFilters } from '../useAddressFilters'
import { ok, useQuery } from '../useQuery'
import { useWriteForm } from '../useWriteForm'
import { WorkbenchNav } from '../WorkbenchNav'

type InspectionResult = 'no_problem' | 'problems_found'

/** Routine supervision inspections (日常监督检查) made by a day, and recording one with its checklist. */
export default function Inspections() {
  const m = useMessages()
  const { me } = useSession()
  const { params, set: setFilter } = useAddressFilters()
  const [recording, setRecording] = useState(false)
  const [refresh, setRefresh] = useState(0)
  const [after, setAfter] = useState<string | undefined>()
  const on = params.get('on') ?? chinaToday()
  const result = (params.get('result') ?? undefined) as InspectionResult | undefined
  const organisationId = params.get('organisationId') ?? undefined
  const query = {
    on,
    limit: 50,
    ...(result ? { result } : {}),
    ...(organisationId ? { organisationId } : {}),
    ...(after ? { after } : {}),
  }
  const list = useQuery(`inspections:${JSON.stringify(query)}:${refresh}`, async () =>
    ok(await api.GET('/enforcement/inspections', { params: { query } })),
  )
  const set = (name: string, value: string | undefined) => {
    setAfter(undefined)
    setFilter(name, value)
  }
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <WorkbenchNav />
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {m.inspections.title}
      </Typography.Title>
      <Space wrap>
        <DayPicker value={on} onChange={(day) => set('on', day)} />
        <Select
          aria-label={m.inspections.result}
          style={{ minWidth: 180 }}
          value={result ?? ''}
          onChange={(v) => set('result', v || undefined)}
          options={[
            { value: '', label: m.inspections.allResults },
            ...Object.entries(m.inspections.results).map(([value, label]) => ({ value, label })),
          ]}
        />
        {me.role !== 'viewer' && (
          <Button type="primary" onClick={() => setRecording(true)}>
            {m.inspections.record}
          </Button>
        )}
      </Space>
      {list.error && <Alert type="error" showIcon title={m.loadFailed} description={list.error} />}
      <RecordsTable
        data-testid="inspections"
        loaded={list}
        rowKey="inspectionId"
        columns={[
          { title: m.inspections.inspectedOn, dataIndex: 'inspectedOn' },
          organisationColumn(m),
          { title: m.region, dataIndex: 'region' },
          {
            title: m.inspections.subjectKind,
            dataIndex: 'subjectKind',
            render: (k: string) => m.inspections.subjectKinds[k] ?? k,
          },
          {
            title: m.inspections.result,
            dataIndex: 'result',
            render: (r: InspectionResult) => (
              <Tag color={r === 'problems_found' ? '#a8071a' : '#135200'}>{m.inspections.results[r]}</Tag>
            ),
          },
          {
            title: m.inspections.inspector,
            key: 'inspectors',
            render: (_, i) => i.inspectors.map((x) => x.name).join('、'),
          },
          { title: m.inspections.checklist, key: 'checklist', render: (_, i) => i.checklist.version },
        ]}
      />
      <Space>
        {after && <Button onClick={() => setAfter(undefined)}>{m.first}</Button>}
        {list.data?.next && <Button onClick={() => setAfter(list.data?.next)}>{m.next}</Button>}
      </Space>
      <RecordInspection
        open={recording}
        onClose={() => setRecording(false)}
        onRecorded={(day) => {
          setRecording(false)
          void message.success(m.inspections.recorded)
          if (day > on) set('on', day)
          setRefresh((n) => n + 1)
        }}
      />
    </Space>
  )
}

interface RecordValues {
  region: string
  organisationId: string
  site?: string
  subjectKind: string
  inspectedOn: dayjs.Dayjs
  inspector1: string
  inspector2: string
  items: Record<string, 'passed' | 'failed' | 'not_applicable'>
  notes?: string
}

/**
 * Records an inspection: the checklist in force on the inspection day for the kind of subject
 * (GET /enforcement/inspections/checklists), every item answered; the result follows the items.
 */
function RecordInspection(props: { open: boolean; onClose: () => void; onRecorded: (day: string) => void }) {
  const m = useMessages()
  const { language } = useLanguage()
  const { me } = useSession()
  const [form] = Form.useForm<RecordValues>()
  const write = useWriteForm()
  const inspectedOn =
    (Form.useWatch('inspectedOn', form) as dayjs.Dayjs | undefined)?.format('YYYY-MM-DD') ?? chinaToday()
  const subjectKind = (Form.useWatch('subjectKind', form) as string | undefined) ?? 'lpg_filling_station'
  const answers = Form.useWatch('items', form) as RecordValues['items'] | undefined
  const checklists = useQuery(`checklists:${inspectedOn}`, async () =>
    ok(await api.GET('/enforcement/inspections/checklists', { params: { query: { on: inspectedOn } } })),
  )
  const items = checklists.data?.checklists.find((c) => c.subjectKind === subjectKind)?.items ?? []
  const result: InspectionResult = items.some((i) => answers?.[i.itemId] === 'failed') ? 'problems_found' : 'no_problem'
  const submit = (values: RecordValues) =>
    write.submit(async (idempotencyKey) => {
      const day = values.inspectedOn.format('YYYY-MM-DD')
      const answer = await api.POST('/enforcement/inspections', {
        headers: { 'idempotency-key': idempotencyKey },
        body: {
          region: values.region.trim(),
          organisationId: values.organisationId.trim(),
          ...(values.site ? { site: values.site } : {}),
          subjectKind: values.subjectKind as 'lpg_filling_station',
          inspectedOn: day,
          inspectors: [{ name: values.inspector1.trim() }, { name: values.inspector2.trim() }],
          items: items.map((i) => ({ itemId: i.itemId, result: values.items?.[i.itemId] ?? 'passed' })),
          result,
          findingIds: [],
          photoReferences: [],
          ...(values.notes ? { notes: values.notes } : {}),
        },
      })
      if (!answer.data) throw answer.error
      return day
    }, props.onRecorded)
  return (
    <Modal
      open={props.open}
      title={m.inspections.record}
      okText={m.step.record}
      cancelText={m.cancel}
      confirmLoading={write.busy}
      onCancel={props.onClose}
      okButtonProps={{ htmlType: 'submit', form: 'record-inspection' }}
      width={720}
      destroyOnHidden
    >
      {write.error !== undefined && (
        <div style={{ marginBottom: 12 }}>
          <ProblemAlert error={write.error} />
        </div>
      )}
      {checklists.error && <Alert type="error" showIcon title={m.loadFailed} description={checklists.error} />}
      <Form
        id="record-inspection"
        form={form}
        layout="vertical"
        initialValues={{ region: me.region, subjectKind: 'lpg_filling_station', inspectedOn: dayjs(chinaToday()) }}
        onFinish={submit}
      >
        <Form.Item label={m.region} name="region" rules={[{ required: true }]}>
          <Input maxLength={12} />
        </Form.Item>
        <Form.Item label={m.organisationId} name="organisationId" rules={[{ required: true }]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item label={m.inspections.site} name="site">
          <Input maxLength={512} />
        </Form.Item>
        <Form.Item label={m.inspections.subjectKind} name="subjectKind" rules={[{ required: true }]}>
          <Select options={Object.entries(m.inspections.subjectKinds).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item label={m.inspections.inspectedOn} name="inspectedOn" rules={[{ required: true }]}>
          <DatePicker allowClear={false} />
        </Form.Item>
        <Space wrap>
          <Form.Item label={m.inspections.inspectorN(1)} name="inspector1" rules={[{ required: true }]}>
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item label={m.inspections.inspectorN(2)} name="inspector2" rules={[{ required: true }]}>
            <Input maxLength={64} />
          </Form.Item>
        </Space>
        <fieldset data-testid="checklist" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontWeight: 600, fontSize: 15 }}>
            {m.inspections.checklist} {checklists.data ? `(${checklists.data.rule.version})` : ''}
          </legend>
          {items.map((i) => (
            <Form.Item
              key={`${subjectKind}:${i.itemId}`}
              label={language === 'en' ? i.en : i.zh}
              name={['items', i.itemId]}
              initialValue="passed"
              tooltip={i.source}
            >
              <Radio.Group
                optionType="button"
                options={Object.entries(m.inspections.itemResults).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
          ))}
        </fieldset>
        <p>
          {m.inspections.result}: <strong data-testid="inspection-result">{m.inspections.results[result]}</strong>
        </p>
        <Form.Item label={m.inspections.notes} name="notes">
          <Input.TextArea rows={2} maxLength={4096} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
