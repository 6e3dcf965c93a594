import { Alert, DatePicker, Form, Input, Modal } from 'antd'
import dayjs from 'dayjs'
import { api, problemText } from './api/client'
import { chinaToday } from './format'
import { useMessages } from './session'
import { ok } from './useQuery'
import { useWriteForm } from './useWriteForm'

/**
 * Issues a rectification order (责令改正) for one violation: its region and organisation come
 * from the violation; the deadline and legal basis from the API's rule table. One
 * Idempotency-Key per opened form, so a double submit records once.
 */
export function IssueOrder(props: {
  open: boolean
  violationId?: string
  onClose: () => void
  onIssued: (orderId: string) => void
}) {
  const m = useMessages()
  const write = useWriteForm()
  const submit = (values: { violationId: string; issuedOn: dayjs.Dayjs; requirements?: string }) =>
    write.submit(async (idempotencyKey) => {
      const violation = ok(
        await api.GET('/enforcement/violations/{id}', { params: { path: { id: values.violationId.trim() } } }),
      )
      const issued = ok(
        await api.POST('/enforcement/rectification-orders', {
          headers: { 'idempotency-key': idempotencyKey },
          body: {
            region: violation.region,
            organisationId: violation.organisationId,
            problems: [{ source: 'violation', id: violation.id }],
            issuedOn: values.issuedOn.format('YYYY-MM-DD'),
            ...(values.requirements ? { requirements: values.requirements } : {}),
          },
        }),
      )
      return String((issued.events[0]?.data as { orderId?: string } | undefined)?.orderId ?? '')
    }, props.onIssued)
  return (
    <Modal
      open={props.open}
      title={m.issueOrder}
      okText={m.issue}
      cancelText={m.cancel}
      confirmLoading={write.busy}
      onCancel={props.onClose}
      okButtonProps={{ htmlType: 'submit', form: 'issue-order' }}
      destroyOnHidden
    >
      {write.error !== undefined && (
        <Alert type="error" role="alert" showIcon description={problemText(write.error)} style={{ marginBottom: 12 }} />
      )}
      <Form
        id="issue-order"
        layout="vertical"
        initialValues={{ violationId: props.violationId, issuedOn: dayjs(chinaToday()) }}
        onFinish={submit}
      >
        <Form.Item label={m.violationId} name="violationId" rules={[{ required: true }]}>
          <Input maxLength={300} disabled={Boolean(props.violationId)} />
        </Form.Item>
        <Form.Item label={m.issuedOn} name="issuedOn" rules={[{ required: true }]}>
          <DatePicker allowClear={false} />
        </Form.Item>
        <Form.Item label={m.requirements} name="requirements">
          <Input.TextArea maxLength={2000} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
