import { Link } from 'react-router-dom'
import type { Messages } from './messages'

/** The columns several lists show alike: a record's id that opens its page (on the list's day where the page has one). */
export const caseIdColumn = (m: Messages, on: string) => ({
  title: m.caseId,
  dataIndex: 'caseId',
  render: (id: string) => <Link to={`/cases/${encodeURIComponent(id)}?on=${on}`}>{id}</Link>,
})

export const complaintIdColumn = (m: Messages, on: string) => ({
  title: m.complaintId,
  dataIndex: 'complaintId',
  render: (id: string) => <Link to={`/complaints/${encodeURIComponent(id)}?on=${on}`}>{id}</Link>,
})

export const organisationColumn = (m: Messages) => ({
  title: m.organisation,
  dataIndex: 'organisationId',
  render: (id: string) => <Link to={`/organisations/${encodeURIComponent(id)}`}>{id}</Link>,
})
