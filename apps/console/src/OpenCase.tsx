import { Alert, DatePicker, Form, Input, Modal } from 'antd'
import dayjs from 'dayjs'
import { api, problemText } from './api/client'
import { chinaToday } from './format'
import { useMessages } from './session'
import { ok } from './useQuery'
import { useWriteForm } from './useWriteForm'

/**
 * Opens a penalty case (立案) from one violation or one rectification order re-checked not
 * rectified: region and party from it, the
 * decision due day from the API's rule table. One Idempotency-Key per opened form (the case id
 * derives from it), so a double submit opens one case.
 */
export function OpenCase(props: {
  open: boolean
  from: { source: 'violation' | 'rectification_order'; id: string; region: string; organisationId: string }
  onClose: () => void
  onOpened: (caseId: string) => void
}) {
  const m = useMessages()
  const write = useWriteForm()
  const submit = (values: { openedOn: dayjs.Dayjs; summary?: string }) =>
    write.submit(async (idempotencyKey) => {
      const opened = ok(
        await api.POST('/enforcement/cases', {
          headers: { 'idempotency-key': idempotencyKey },
          body: {
            region: props.from.region,
            organisationId: props.from.organisationId,
            sources: [{ source: props.from.source, id: props.from.id }],
            openedOn: values.openedOn.format('YYYY-MM-DD'),
            ...(values.summary ? { summary: values.summary } : {}),
          },
        }),
      )
      return String((opened.events[0]?.data as { caseId?: string } | undefined)?.caseId ?? '')
    }, props.onOpened)
  return (
    <Modal
      open={props.open}
      title={props.from.source === 'violation' ? m.openCaseTitle : m.openCaseFromOrderTitle}
      okText={m.openCase}
      cancelText={m.cancel}
      confirmLoading={write.busy}
      onCancel={props.onClose}
      okButtonProps={{ htmlType: 'submit', form: 'open-case' }}
      destroyOnHidden
    >
      {write.error !== undefined && (
        <Alert type="error" role="alert" showIcon description={problemText(write.error)} style={{ marginBottom: 12 }} />
      )}
      <Form id="open-case" layout="vertical" initialValues={{ openedOn: dayjs(chinaToday()) }} onFinish={submit}>
        <Form.Item label={props.from.source === 'violation' ? m.violationId : m.orderId}>
          <Input value={props.from.id} disabled />
        </Form.Item>
        <Form.Item label={m.openedOn} name="openedOn" rules={[{ required: true }]}>
          <DatePicker allowClear={false} />
        </Form.Item>
        <Form.Item label={m.summary} name="summary">
          <Input.TextArea maxLength={4096} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
