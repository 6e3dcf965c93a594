import { DomainError } from '../Decider.ts'
import { equipmentUsingKinds } from '../Actor.ts'

/**
 * An organisation a command names (the owner of a pipeline, its installer, a transfer's
 * recipient), as the identity tables know it: looked up by the caller, undefined when no
 * organisation has that id. The decider judges it; the route only looks it up.
 */
export interface NamedOrganisation {
  readonly organisationId: string
  readonly organisationKind: string
}

/** Who may be named in each role, and the problem codes when the named one does not fit. */
export const namedRoles = {
  owner: {
    kinds: equipmentUsingKinds,
    notFound: 'owner-not-found',
    wrongKind: 'owner-cannot-use-equipment',
    en: 'the using organisation (使用单位)',
    zh: '使用单位',
  },
  installer: {
    kinds: ['installer'],
    notFound: 'installer-not-found',
    wrongKind: 'installer-not-an-installer',
    en: 'the installer (安装单位)',
    zh: '安装单位',
  },
  recipient: {
    kinds: equipmentUsingKinds,
    notFound: 'recipient-not-found',
    wrongKind: 'recipient-cannot-use-equipment',
    en: 'the recipient',
    zh: '接收单位',
  },
} as const

export type NamedRole = keyof typeof namedRoles

/**
 * A command may name an organisation only if it exists and is of a kind that can take the role:
 * a record naming a nonexistent owner would lock the real one out (the owner is set once).
 */
export function assertNamedOrganisation(
  role: NamedRole,
  organisationId: string,
  found: NamedOrganisation | undefined,
  field: string,
): void {
  const rule = namedRoles[role]
  if (!found || found.organisationId !== organisationId) {
    throw new DomainError(
      rule.notFound,
      { en: `no organisation ${organisationId} to name as ${rule.en}`, 'zh-CN': `${rule.zh} ${organisationId} 不存在` },
      [field],
    )
  }
  if (!(rule.kinds as readonly string[]).includes(found.organisationKind)) {
    throw new DomainError(
      rule.wrongKind,
      {
        en: `a ${found.organisationKind} cannot be ${rule.en}`,
        'zh-CN': `${found.organisationKind} 类单位不能作为${rule.zh}`,
      },
      [field],
    )
  }
}
