import { Space, Tag } from 'antd'
import type { CaseStage, ComplaintStatus, OrderStatus } from './messages'
import { useMessages } from './session'

/** A case's stage with what needs attention: its decision overdue, its referral to the police. */
export function CaseStageTags(props: {
  case: { stage: CaseStage; overdue: boolean; referral: { state: 'pending' | 'accepted' | 'declined' } | null }
  stageTestId?: string
}) {
  const m = useMessages()
  const c = props.case
  return (
    <Space size={4} wrap>
      <Tag data-testid={props.stageTestId}>{m.caseStage[c.stage]}</Tag>
      {c.overdue && <Tag color="#a8071a">{m.overdue}</Tag>}
      {c.referral && <Tag color="#ad4e00">{m.referralState[c.referral.state]}</Tag>}
    </Space>
  )
}

/** A complaint's status with what needs attention: its reply overdue, why it is on the ledger. */
export function ComplaintStatusTags(props: {
  complaint: { status: ComplaintStatus; replyOverdue: boolean; ledger: readonly string[] }
}) {
  const m = useMessages()
  const c = props.complaint
  return (
    <Space size={4} wrap>
      <Tag>{m.complaintStatus[c.status]}</Tag>
      {c.replyOverdue && <Tag color="#a8071a">{m.replyOverdue}</Tag>}
      {c.ledger.map((reason) => (
        <Tag key={reason} color="#ad4e00">
          {m.ledgerReasons[reason] ?? reason}
        </Tag>
      ))}
    </Space>
  )
}

/** A rectification order's status, and whether its deadline has passed unmet. */
export function OrderStatusTags(props: { order: { status: OrderStatus; overdue: boolean } }) {
  const m = useMessages()
  const o = props.order
  return (
    <Space size={4}>
      <Tag>{m.orderStatus[o.status]}</Tag>
      {o.overdue && <Tag color="#a8071a">{m.overdue}</Tag>}
    </Space>
  )
}
