import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { credentialFor } from '@gsr/http-kit/testing'
import { registryTestApp } from './testing/registryTestApp.ts'

/**
 * A registration's lifecycle facts keep their order in the field: a resumption is never dated
 * before the suspension it ends, a cancellation or an offer never before the last suspension,
 * resumption or transfer, and a new owner asserts nothing about the days before it took the
 * equipment over; a periodic inspection is not declared before the registration existed (a
 * declaration dated years back would count as in time for a due date long missed). Each refusal
 * is a 422 naming the field, and nothing is written.
 */
forEachDatabase(t, async (t, db) => {
  const { app, ok, refused } = await registryTestApp(t, db, '2026-06-01T02:00:00Z')
  const owner = await credentialFor(app, { kind: 'equipment_user', region: '330106' })
  const buyer = await credentialFor(app, { kind: 'equipment_user', region: '330106' })
  const register = (code: string) =>
    ok(owner, '/equipment', {
      registrationCode: code,
      category: 'elevator',
      region: '330106',
      location: 'No. 1 Wenyi Rd',
      putIntoServiceDate: '2026-01-10',
      registeredOn: '2026-01-20',
    })

  t.test('a resumption or cancellation is not dated before the suspension', async (t) => {
    await register('EL-ORDER-1')
    await ok(owner, '/equipment/EL-ORDER-1/suspend', { reason: 'repairs', suspendedOn: '2026-03-01' })
    const early = await refused(
      t,
      owner,
      '/equipment/EL-ORDER-1/resume',
      { resumedOn: '2026-02-15' },
      422,
      'dated-before-last-change',
    )
    t.match(early.json().errors, [{ field: 'resumedOn' }])
    await refused(
      t,
      owner,
      '/equipment/EL-ORDER-1/cancel',
      { reason: 'scrapped', cancelledOn: '2026-02-28' },
      422,
      'dated-before-last-change',
    )
    await ok(owner, '/equipment/EL-ORDER-1/resume', { resumedOn: '2026-03-01' })
    await refused(
      t,
      owner,
      '/equipment/EL-ORDER-1/suspend',
      { reason: 'again', suspendedOn: '2026-02-20' },
      422,
      'dated-before-last-change',
    )
    await ok(owner, '/equipment/EL-ORDER-1/suspend', { reason: 'again', suspendedOn: '2026-04-01' })
  })

  t.test('a periodic inspection is not declared before the registration existed', async (t) => {
    // Put into service in 2020, registered (late) in 2026: its first inspection was due in 2021.
    const registered = await ok(owner, '/equipment', {
      registrationCode: 'EL-ORDER-3',
      category: 'elevator',
      region: '330106',
      location: 'No. 3 Wenyi Rd',
      putIntoServiceDate: '2020-01-10',
      registeredOn: '2026-05-01',
    })
    t.match(registered.events, [{ data: { nextInspectionDue: '2021-01-10' } }])
    const backdated = await refused(
      t,
      owner,
      '/equipment/EL-ORDER-3/periodic-inspection-declarations',
      { declaredOn: '2020-12-01' },
      422,
      'dated-before-registration',
    )
    t.match(backdated.json().errors, [{ field: 'declaredOn' }])
    const declared = await ok(owner, '/equipment/EL-ORDER-3/periodic-inspection-declarations', {
      declaredOn: '2026-05-01',
    })
    t.match(declared.events, [{ type: 'PeriodicInspectionDeclared', data: { dueDate: '2021-01-10', inTime: false } }])
  })

  t.test('the new owner asserts nothing dated before the transfer', async (t) => {
    await register('EL-ORDER-2')
    await ok(owner, '/equipment/EL-ORDER-2/transfer', {
      toOrganisationId: buyer.organisationId,
      toRegion: '330106',
      location: 'No. 9 Rd',
      offeredOn: '2026-04-01',
    })
    await ok(buyer, '/equipment/EL-ORDER-2/transfer/accept', { acceptedOn: '2026-05-01' })
    await refused(
      t,
      buyer,
      '/equipment/EL-ORDER-2/suspend',
      { reason: 'repairs', suspendedOn: '2026-03-01' },
      422,
      'dated-before-last-change',
    )
    await refused(
      t,
      buyer,
      '/equipment/EL-ORDER-2/transfer',
      { toOrganisationId: owner.organisationId, toRegion: '330106', location: 'back', offeredOn: '2026-04-20' },
      422,
      'dated-before-last-change',
    )
    await ok(buyer, '/equipment/EL-ORDER-2/suspend', { reason: 'repairs', suspendedOn: '2026-05-01' })
  })

  t.test('the new owner declares no periodic inspection dated before the transfer', async (t) => {
    await register('EL-ORDER-4')
    // A declaration is no change of the registration: one dated before a suspension still stands.
    await ok(owner, '/equipment/EL-ORDER-4/suspend', { reason: 'repairs', suspendedOn: '2026-03-01' })
    await ok(owner, '/equipment/EL-ORDER-4/periodic-inspection-declarations', { declaredOn: '2026-02-20' })
    await ok(owner, '/equipment/EL-ORDER-4/resume', { resumedOn: '2026-03-10' })
    await ok(owner, '/equipment/EL-ORDER-4/transfer', {
      toOrganisationId: buyer.organisationId,
      toRegion: '330106',
      location: 'No. 9 Rd',
      offeredOn: '2026-04-01',
    })
    await ok(buyer, '/equipment/EL-ORDER-4/transfer/accept', { acceptedOn: '2026-05-01' })
    const early = await refused(
      t,
      buyer,
      '/equipment/EL-ORDER-4/periodic-inspection-declarations',
      { declaredOn: '2026-04-15' },
      422,
      'dated-before-last-change',
    )
    t.match(early.json(), { errors: [{ field: 'declaredOn' }], detail: /2026-05-01/ })
    await ok(buyer, '/equipment/EL-ORDER-4/periodic-inspection-declarations', { declaredOn: '2026-05-01' })
  })

  t.test('a pipeline’s declarations are not dated before its record began', async (t) => {
    const installer = await credentialFor(app, { kind: 'installer', region: '330106' })
    const team = await credentialFor(app, { kind: 'enforcement', region: '330106' })
    // Known from its construction notification (2026-03-01): no installation declaration before it.
    await ok(installer, '/pipelines/construction-notifications', {
      pipelineId: 'GP-ORDER-1',
      organisationId: owner.organisationId,
      region: '330106',
      name: 'Wenyi Rd main',
      location: 'Wenyi Rd',
      grade: 'GB1',
      plannedStartDate: '2026-03-10',
      notifiedOn: '2026-03-01',
    })
    const installation = await refused(
      t,
      installer,
      '/pipelines/GP-ORDER-1/installation-inspection-declarations',
      { declaredOn: '2026-02-01' },
      422,
      'dated-before-registration',
    )
    t.match(installation.json(), { errors: [{ field: 'declaredOn' }], detail: /2026-03-01/ })
    await ok(installer, '/pipelines/GP-ORDER-1/installation-inspection-declarations', { declaredOn: '2026-03-01' })

    // Found in use on 2026-05-01, in service since 2015: its first inspection was due in 2018.
    await ok(team, '/field-findings/pipelines-in-use', {
      pipelineId: 'GP-ORDER-2',
      region: '330106',
      location: 'Wenyi Rd',
      foundOn: '2026-05-01',
      organisationId: owner.organisationId,
    })
    await ok(owner, '/pipelines/GP-ORDER-2/in-use-records', {
      record: { name: 'old main', putIntoServiceDate: '2015-06-01' },
      recordedOn: '2026-05-10',
    })
    const periodic = await refused(
      t,
      owner,
      '/pipelines/GP-ORDER-2/periodic-inspection-declarations',
      { declaredOn: '2018-01-10' },
      422,
      'dated-before-registration',
    )
    t.match(periodic.json(), { errors: [{ field: 'declaredOn' }], detail: /2026-05-01/ })
    const declared = await ok(owner, '/pipelines/GP-ORDER-2/periodic-inspection-declarations', {
      declaredOn: '2026-05-01',
    })
    t.match(declared.events, [{ type: 'PeriodicInspectionDeclared', data: { inTime: false } }])
  })
})
