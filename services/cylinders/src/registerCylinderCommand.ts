import type { z } from 'zod'
import type { SqlExecutor } from '@gsr/db'
import type { CylinderCommand } from '@gsr/domain/cylinders'
import { identity, type Principal } from '@gsr/http-kit'
import type { RegisterCylinderBody } from './routes/cylinderSchemas.ts'

/**
 * The RegisterCylinder command a filling station asserts, from `POST /cylinders` or a row of
 * `POST /imports/cylinders` alike: the station registers it as itself, for an owner that exists
 * (looked up here, judged by cylinderDecider), based in the given region or the station's.
 */
export async function registerCylinderCommand(
  sql: SqlExecutor,
  station: Principal,
  input: Omit<z.infer<typeof RegisterCylinderBody>, 'occurredAt'>,
  today: string,
): Promise<{ command: CylinderCommand; fieldDate: string }> {
  const { ownerOrganisationId, registeredOn, regionCode, ...body } = input
  const on = registeredOn ?? today
  const ownerId = ownerOrganisationId ?? station.organisationId
  const found = ownerId === station.organisationId ? undefined : await identity.getOrganisation(sql, ownerId)
  return {
    command: {
      type: 'RegisterCylinder',
      data: {
        ...body,
        ownerOrganisationId: ownerId,
        owner:
          ownerId === station.organisationId
            ? station
            : found && { organisationId: found.id, organisationKind: found.kind, region: found.region },
        stationId: station.organisationId,
        regionCode: regionCode ?? station.region,
        registeredOn: on,
      },
    },
    fieldDate: on,
  }
}
