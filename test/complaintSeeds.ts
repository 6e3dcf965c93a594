/**
 * For the every-route specs: the requests that bring complaint `complaintId` (region 330106,
 * received on 2026-05-01 by the caller, a Friday, reply due 2026-05-08) to a stage, with `team`
 * as the team it is assigned to (the caller itself, usually). Replied late (2026-05-15), so a
 * replied ticket is on the rectification ledger and can be verified.
 */
export type ComplaintStage = 'received' | 'assigned' | 'accepted' | 'handled' | 'replied'

const stages: readonly ComplaintStage[] = ['received', 'assigned', 'accepted', 'handled', 'replied']

export const complaintBody = (complaintId: string, receivedOn = '2026-05-01') => ({
  complaintId,
  region: '330106',
  channel: 'hotline_12345',
  receivedOn,
  complainant: { name: '王五', phone: '13700002222' },
  content: '电梯无检验标志',
  subject: { equipmentCode: 'EL-COMPLAINED', address: '文二路 5 号' },
  category: 'equipment_unregistered_or_uninspected',
})

export function complaintRequests(
  complaintId: string,
  team: string,
  stage: ComplaintStage,
): { url: string; payload: object }[] {
  const at = (path: string, payload: object) => ({ url: `/enforcement/complaints/${complaintId}/${path}`, payload })
  const steps = [
    { url: '/enforcement/complaints', payload: complaintBody(complaintId) },
    at('assignment', { teamOrganisationId: team, assignedOn: '2026-05-01' }),
    at('acceptance', { acceptedOn: '2026-05-04' }),
    at('handling', { handledOn: '2026-05-06', outcome: '现场核查', references: [{ kind: 'inspection', id: 'INS-1' }] }),
    at('reply', { repliedOn: '2026-05-15', method: 'phone', summary: '已责令整改' }),
  ]
  return steps.slice(0, stages.indexOf(stage) + 1)
}
