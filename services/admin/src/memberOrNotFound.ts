import { identity, notFound, type ServiceContext } from '@gsr/http-kit'

/** The member, or 404: what every route acting on a member or its credentials starts with. */
export async function memberOrNotFound(sql: ServiceContext['sql'], memberId: string) {
  const member = await identity.getMember(sql, memberId)
  if (!member) throw notFound()
  return member
}
