import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Identity } from '../../domain/entities/user.js'
import { ApiError } from '../../errors.js'
import { testApp } from '../../test/test-app.js'
import { createProject, me, readProject } from './project-test-kit.js'
import { ensureProjectByName, getProjectForWrite, projectAndDescendantIds, touchProject } from './project-lookup.js'

let counter = 0
const newId = () => `lookup${++counter}`.padEnd(32, '0')

async function identityOf(app: Awaited<ReturnType<typeof testApp>>): Promise<Identity> {
  const who = await me(app)
  return { user: who.user, company: who.company, role: 'admin', userName: 'Ada Admin', companyName: 'clearml' }
}

const codesOf = (err: unknown): [number, number] => {
  assert.ok(err instanceof ApiError)
  return [err.code, err.subcode]
}

test('ensureProjectByName finds an existing project or creates it with its parents', async (t) => {
  const app = await testApp(t)
  const identity = await identityOf(app)
  const existing = await createProject(app, 'Lookup/Existing')
  const now = new Date('2024-01-02T03:04:05Z')
  const found = await app.app.store.transaction((tx) => ensureProjectByName(tx, identity, ' Lookup / Existing ', now, newId))
  assert.equal(found, existing)
  const created = await app.app.store.transaction((tx) =>
    ensureProjectByName(tx, identity, 'Lookup/New/.reports', now, newId, { system_tags: ['hidden', 'reports'], description: 'Reports project' }))
  const doc = await readProject(app, created)
  assert.equal(doc?.name, 'Lookup/New/.reports')
  assert.deepEqual(doc?.system_tags, ['hidden', 'reports'])
  assert.equal(doc?.created, '2024-01-02T03:04:05.000000+00:00')
  const parent = await readProject(app, doc!.parent!)
  assert.equal(parent?.name, 'Lookup/New')
  assert.deepEqual(parent?.system_tags, [])
})

test('ensureProjectByName refuses an empty name (400/407)', async (t) => {
  const app = await testApp(t)
  const identity = await identityOf(app)
  await assert.rejects(app.app.store.transaction((tx) => ensureProjectByName(tx, identity, ' / ', new Date(), newId)),
    (err) => codesOf(err).join('/') === '400/407')
})

test('getProjectForWrite answers 400/401 for unknown and 403/21 for public projects', async (t) => {
  const app = await testApp(t)
  const identity = await identityOf(app)
  const id = await createProject(app, 'Writable')
  assert.equal((await app.app.store.read((tx) => getProjectForWrite(tx, identity, id))).id, id)
  await assert.rejects(app.app.store.read((tx) => getProjectForWrite(tx, identity, 'missing')), (err) => codesOf(err).join('/') === '400/401')
  await app.ok('projects.make_public', { ids: [id] })
  await assert.rejects(app.app.store.read((tx) => getProjectForWrite(tx, identity, id)), (err) => codesOf(err).join('/') === '403/21')
})

test('touchProject bumps last_update; projectAndDescendantIds adds every descendant', async (t) => {
  const app = await testApp(t)
  const identity = await identityOf(app)
  const root = await createProject(app, 'Tree root')
  const child = await createProject(app, 'Tree root/child')
  const grandchild = await createProject(app, 'Tree root/child/grandchild')
  await createProject(app, 'Other tree')
  const later = new Date('2031-01-01T00:00:00Z')
  await app.app.store.transaction(async (tx) => {
    await touchProject(tx, root, later)
    await touchProject(tx, null, later)
  })
  assert.equal((await readProject(app, root))?.last_update, '2031-01-01T00:00:00.000000+00:00')
  const ids = await app.app.store.read((tx) => projectAndDescendantIds(tx, identity.company, [root]))
  assert.deepEqual(new Set(ids), new Set([root, child, grandchild]))
  assert.equal(ids[0], root)
  assert.deepEqual(await app.app.store.read((tx) => projectAndDescendantIds(tx, identity.company, [])), [])
})
