import { cylinderFill } from './cylinderFill.ts'
import { fillCheckOperator } from './fillCheckOperator.ts'
import { fillChecks } from './fillChecks.ts'
import { lateRegistration } from './lateRegistration.ts'
import { inspectionOverdue } from './inspectionOverdue.ts'
import { operatorWork } from './operatorWork.ts'
import type { Practice } from './Practice.ts'
import { uncertifiedAppliance } from './uncertifiedAppliance.ts'
import { unregisteredInUse } from './unregisteredInUse.ts'
import { unregisteredInUseCuredByIdentity } from './unregisteredInUseCuredByIdentity.ts'
import { unregisteredInUseLinked } from './unregisteredInUseLinked.ts'

/**
 * The practices the violations projection runs, one file each (a new practice or sub-reason:
 * its file plus one line here). For each event they run in this order, after the facts it
 * changes are folded in.
 */
export const practices: readonly Practice[] = [
  // Before the cures of unregisteredInUse*: it asks whether the registration cures a finding.
  lateRegistration,
  unregisteredInUse,
  unregisteredInUseCuredByIdentity,
  unregisteredInUseLinked,
  inspectionOverdue,
  operatorWork,
  cylinderFill,
  fillChecks,
  fillCheckOperator,
  uncertifiedAppliance,
]
