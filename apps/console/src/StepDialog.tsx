import { useState, type ReactNode } from 'react'
import { Alert, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, message } from 'antd'
import dayjs from 'dayjs'
import { chinaToday } from './format'
import { ProblemAlert } from './ProblemAlert'
import { useMessages } from './session'
import { useWriteForm } from './useWriteForm'

/** One field of a step's form: a field day (China calendar), text, a number, an amount in yuan, a choice. */
export interface StepField {
  readonly name: string
  readonly label: string
  readonly kind: 'date' | 'text' | 'textarea' | 'number' | 'yuan' | 'select'
  readonly required?: boolean
  readonly options?: Readonly<Record<string, string>>
  readonly initial?: string
}

/** The values of a submitted step: days as YYYY-MM-DD, yuan as integer fen, empty text left out. */
export type StepValues = Record<string, string | number | undefined>

/** A step as the page offers it: its form and the typed call that records it. */
export interface Step {
  readonly key: string
  readonly label: string
  readonly fields: readonly StepField[]
  readonly note?: ReactNode
  readonly send: (values: StepValues, idempotencyKey: string) => Promise<{ data?: unknown; error?: unknown }>
}

/**
 * A step of a workflow (a case, a complaint) in a dialog: one Idempotency-Key per opened form
 * (a double submit records once), the API's refusal shown as it is (problem+json, with the
 * fields it names), every control labelled.
 */
export function StepDialog(props: { step: Step | undefined; onClose: () => void; onDone: () => void }) {
  const m = useMessages()
  const write = useWriteForm()
  const step = props.step
  const formId = `step-${step?.key ?? 'none'}`
  const submit = async (raw: Record<string, unknown>) => {
    if (!step) return
    const values: StepValues = {}
    for (const field of step.fields) {
      const v = raw[field.name]
      if (v === undefined || v === null || v === '') continue
      if (field.kind === 'date') values[field.name] = (v as dayjs.Dayjs).format('YYYY-MM-DD')
      else if (field.kind === 'yuan') values[field.name] = Math.round(Number(v) * 100)
      else if (field.kind === 'number') values[field.name] = Number(v)
      else values[field.name] = String(v).trim()
    }
    await write.submit(async (idempotencyKey) => {
      const answer = await step.send(values, idempotencyKey)
      if (answer.error !== undefined || answer.data === undefined) throw answer.error ?? new Error('no answer')
    }, props.onDone)
  }
  const initialValues = Object.fromEntries(
    (step?.fields ?? []).map((f) => [f.name, f.kind === 'date' ? dayjs(f.initial ?? chinaToday()) : f.initial]),
  )
  return (
    <Modal
      open={step !== undefined}
      title={step?.label}
      okText={m.step.record}
      cancelText={m.cancel}
      confirmLoading={write.busy}
      onCancel={() => {
        write.clearError()
        props.onClose()
      }}
      okButtonProps={{ htmlType: 'submit', form: formId }}
      destroyOnHidden
    >
      {step?.note && <Alert type="info" showIcon description={step.note} style={{ marginBottom: 12 }} />}
      {write.error !== undefined && (
        <div style={{ marginBottom: 12 }}>
          <ProblemAlert error={write.error} />
        </div>
      )}
      {step && (
        <Form id={formId} layout="vertical" initialValues={initialValues} onFinish={submit}>
          {step.fields.map((f) => (
            <Form.Item key={f.name} label={f.label} name={f.name} rules={f.required ? [{ required: true }] : []}>
              {f.kind === 'date' ? (
                <DatePicker allowClear={false} />
              ) : f.kind === 'textarea' ? (
                <Input.TextArea rows={3} maxLength={4096} />
              ) : f.kind === 'number' ? (
                <InputNumber min={1} precision={0} style={{ width: '100%' }} />
              ) : f.kind === 'yuan' ? (
                <InputNumber min={0} precision={2} step={100} style={{ width: '100%' }} />
              ) : f.kind === 'select' ? (
                <Select options={Object.entries(f.options ?? {}).map(([value, label]) => ({ value, label }))} />
              ) : (
                <Input maxLength={512} />
              )}
            </Form.Item>
          ))}
        </Form>
      )}
    </Modal>
  )
}

/**
 * The steps a record (a case, a complaint) can take now: a button each (`testIdPrefix-key`), the
 * chosen one in a StepDialog; `onRecorded` once the API has recorded it. `children` go first in
 * the row (the page's other actions).
 */
export function StepButtons(props: {
  steps: readonly Step[]
  testIdPrefix: string
  onRecorded: () => void
  children?: ReactNode
}) {
  const m = useMessages()
  const [step, setStep] = useState<Step | undefined>()
  return (
    <>
      <Space wrap>
        {props.children}
        {props.steps.map((s) => (
          <Button key={s.key} onClick={() => setStep(s)} data-testid={`${props.testIdPrefix}-${s.key}`}>
            {s.label}
          </Button>
        ))}
      </Space>
      <StepDialog
        step={step}
        onClose={() => setStep(undefined)}
        onDone={() => {
          setStep(undefined)
          void message.success(m.step.recorded)
          props.onRecorded()
        }}
      />
    </>
  )
}
