// Bad input answers a clear 4xx, never a 5xx, and the server keeps answering (issue #13, items 8, 10 and 11):
// numbers out of range, control characters in field paths, oversized lists, names and event metric names, nesting
// past SQLite's JSON depth, a full disk, and forged export prepare ids and scroll ids.
import assert from 'node:assert/strict'
import { deflateRawSync } from 'node:zlib'
import { test } from 'node:test'
import type { Database } from 'better-sqlite3'
import { toApiDate } from '../../src/domain/dates.js'
import type { TaskDoc } from '../../src/domain/entities/task.js'
import { isApiError } from '../../src/errors.js'
import { encodeScroll } from '../../src/services/events/scroll.js'
import { testApp, type CallResult, type TestApp } from '../../src/test/test-app.js'

const codes = (res: CallResult) => [res.status, res.meta.result_subcode]

async function assertRefused(app: TestApp, name: string, data: unknown, expected: [number, number] = [400, 12]): Promise<CallResult> {
  const res = await app.call(name, data)
  assert.deepEqual(codes(res), expected, `${name} ${JSON.stringify(data).slice(0, 120)}: ${res.meta.result_msg}`)
  return res
}

async function assertAlive(app: TestApp): Promise<void> {
  assert.equal((await app.call('tasks.get_all', { page_size: 1 })).status, 200)
}

const newTask = async (app: TestApp, extra: Record<string, unknown> = {}): Promise<string> =>
  (await app.ok('tasks.create', { name: 'bounds task', type: 'training', ...extra })).id

const nested = (depth: number): unknown => {
  let v: unknown = 1
  for (let i = 0; i < depth; i++) v = { a: v }
  return v
}

test('a page, start or scroll position beyond 2^53 answers 400 on every get_all', async (t) => {
  const app = await testApp(t)
  for (const name of ['tasks.get_all', 'tasks.get_all_ex', 'projects.get_all', 'models.get_all', 'queues.get_all']) {
    await assertRefused(app, name, { page: 1e21, page_size: 10 })
  }
  await assertRefused(app, 'tasks.get_all', { start: 1e21, size: 10 })
  await assertRefused(app, 'tasks.get_all', { scroll_id: null, size: 1e21 })
  const forged = Buffer.from('clarion-scroll:99999999999999999999').toString('base64url')
  await assertRefused(app, 'tasks.get_all', { scroll_id: forged, size: 10 }, [400, 1104])
  await assertAlive(app)
})

test('NUL and other control characters in field paths answer 400/12: order_by, _any_.fields, filter fields, only_fields', async (t) => {
  const app = await testApp(t)
  await assertRefused(app, 'tasks.get_all', { order_by: ['na\u0000me'] })
  await assertRefused(app, 'tasks.get_all', { _any_: { fields: ['na\u0000me'], pattern: 'x' } })
  await assertRefused(app, 'tasks.get_all', { 'hyperparams.a\u0000b': 'x' })
  await assertRefused(app, 'tasks.get_all', { filters: { 'hyperparams.a\u0000b': { any: { include: ['x'] } } } })
  await assertRefused(app, 'projects.get_all', { order_by: ['-na\u0001me'] })
  await assertRefused(app, 'models.get_all', { only_fields: ['na\u0000me'] })
  await app.ok('projects.create', { name: 'stats project' })
  await assertRefused(app, 'projects.get_all_ex', { include_stats: true, include_stats_filter: { 'system_tags\u0000': ['x'] } })
  await assertAlive(app)
})

test('field names with a backslash or a quote are matched as written instead of failing in SQLite', async (t) => {
  const app = await testApp(t)
  const id = await newTask(app)
  await app.ok('tasks.edit', { task: id, runtime: { 'a\\': 'x', 'b"c': 'y' } })
  assert.equal((await app.call('models.get_all', { order_by: ['\\'] })).status, 200)
  assert.deepEqual((await app.ok('tasks.get_all', { 'runtime.a\\': 'x', only_fields: ['id'] })).tasks.map((x: { id: string }) => x.id), [id])
  assert.deepEqual((await app.ok('tasks.get_all', { 'runtime.b"c': 'y', only_fields: ['id'] })).tasks.map((x: { id: string }) => x.id), [id])
})

test('oversized query lists answer 400/12: 20,000 order_by fields, 20,000 only_fields, 1,500 conditions', async (t) => {
  const app = await testApp(t)
  const many = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`)
  await assertRefused(app, 'tasks.get_all', { order_by: many(20_000, 'f') })
  await assertRefused(app, 'projects.get_all', { order_by: many(101, 'f') })
  await assertRefused(app, 'tasks.get_all', { only_fields: many(20_000, 'f') })
  await assertRefused(app, 'tasks.get_all', { tags: ['__$all', ...many(1_500, 't')] })
  await assertRefused(app, 'tasks.get_all', { _any_: { fields: many(1_500, 'hyperparams.s.p'), pattern: 'x' } })
  await assertRefused(app, 'tasks.get_all', { id: many(20_000, 'id') })
  // Object values where the query language takes scalars: a 4xx, not a driver error.
  await assertRefused(app, 'tasks.get_all', { 'runtime.gpu': [{ a: 1 }] }, [400, 16])
  await assertRefused(app, 'tasks.get_all', { last_iteration: [{}, 5] })
  // What the web app and the SDK send still works.
  assert.equal((await app.call('tasks.get_all', { order_by: ['-last_update', 'name'], page: 0, page_size: 500 })).status, 200)
  await assertAlive(app)
})

test('workers answer 400/12 for a timeout, timestamp or date range beyond year 9999', async (t) => {
  const app = await testApp(t)
  await assertRefused(app, 'workers.register', { worker: 'w1', timeout: 1e308 })
  await assertRefused(app, 'workers.status_report', { worker: 'w1', timestamp: 1e21, machine_stats: { cpu_usage: [50] } })
  await assertRefused(app, 'workers.get_activity_report', { from_date: 0, to_date: 1e308, interval: 60 })
  await assertRefused(app, 'workers.get_stats', { from_date: 0, to_date: 1e308, interval: 60, items: [{ key: 'cpu_usage' }] })
  await assertRefused(app, 'queues.get_queue_metrics', { from_date: 0, to_date: 1e308, interval: 60 })
  await assertRefused(app, 'workers.set_runtime_properties', { worker: 'w1', runtime_properties: [{ key: 'k', value: 'v', expiry: 1e308 }] })
  // The agent's own values: a 600 s timeout, timestamps in milliseconds.
  await app.ok('workers.register', { worker: 'w1', timeout: 600 })
  await app.ok('workers.status_report', { worker: 'w1', timestamp: Date.now(), machine_stats: { cpu_usage: [50] } })
  await app.ok('workers.get_activity_report', { from_date: Date.now() / 1000 - 3600, to_date: Date.now() / 1000, interval: 60 })
})

test('events reads answer 400/12 for a batch_size out of range; a forged scroll state answers 400/1104', async (t) => {
  const app = await testApp(t)
  const task = await newTask(app)
  await app.ok('events.add_batch', { requests: [{ type: 'training_stats_scalar', task, metric: 'm', variant: 'v', iter: 1, value: 1 }] })
  await assertRefused(app, 'events.get_task_log', { task, batch_size: 1e308 })
  await assertRefused(app, 'events.get_task_events', { task, batch_size: 0 })
  await assertRefused(app, 'events.scalar_metrics_iter_raw', { task, metric: { metric: 'm' }, batch_size: 1e308 })
  for (const state of [{ batchSize: 0, cursor: { phase: 'iter' } }, { task, type: 'log', order: 'asc', metrics: 'x', batchSize: 10, total: null, cursor: { phase: 'iter' } }]) {
    await assertRefused(app, 'events.get_task_events', { task, scroll_id: encodeScroll('ev', state) }, [400, 1104])
  }
  await assertRefused(app, 'events.scalar_metrics_iter_raw', { task, metric: { metric: 'm' }, scroll_id: encodeScroll('raw', { after: 'x', total: 'y', batchSize: -5 }) }, [400, 1104])
  const debugImages = await app.call('events.debug_images', { metrics: [{ task }], scroll_id: encodeScroll('dii', { tasks: [{ task, metrics: 7 }] }) })
  assert.equal(debugImages.status, 200, 'a state that does not fit starts the scroll over')
  // The SDK's get_all_reported_scalars page and the web app's console page.
  assert.equal((await app.call('events.get_task_events', { task, batch_size: 1000, event_type: 'training_stats_scalar' })).status, 200)
  assert.equal((await app.call('events.get_task_log', { task, batch_size: 1000 })).status, 200)
})

test('an event with a metric or variant name over 1,000 characters is counted as invalid; the others land', async (t) => {
  const app = await testApp(t)
  const task = await newTask(app)
  const long = 'm'.repeat(1_001)
  const res = await app.ok('events.add_batch', {
    requests: [
      { type: 'training_stats_scalar', task, metric: long, variant: 'v', iter: 1, value: 1 },
      { type: 'training_stats_scalar', task, metric: 'loss', variant: long, iter: 1, value: 1 },
      { type: 'training_stats_scalar', task, metric: 'm'.repeat(1_000), variant: 'v', iter: 1, value: 1 },
      { type: 'log', task, msg: 'hello', timestamp: 1e308 },
    ],
  })
  assert.equal(res.added, 1)
  assert.equal(res.errors, 3)
  assert.deepEqual(Object.keys(res.errors_info).sort(), ['Invalid timestamp', 'Metric name exceeds 1000 characters', 'Variant name exceeds 1000 characters'])
  const stored = await app.app.store.read((tx) => tx.tasks.get(task))
  assert.equal(JSON.stringify(stored?.last_metrics ?? {}).includes(long), false)
})

test('names, tags and comments over their limits answer 400/12; long but realistic ones are kept', async (t) => {
  const app = await testApp(t)
  await assertRefused(app, 'tasks.create', { name: 'n'.repeat(1_001), type: 'training' })
  await assertRefused(app, 'tasks.create', { name: 'bad\u0000name', type: 'training' })
  await assertRefused(app, 'tasks.create', { name: 'tags', type: 'training', tags: ['t'.repeat(256)] })
  await assertRefused(app, 'tasks.create', { name: 'tags', type: 'training', tags: Array.from({ length: 1_001 }, (_, i) => `t${i}`) })
  await assertRefused(app, 'tasks.create', { name: 'comment', type: 'training', comment: 'c'.repeat(65_537) })
  await assertRefused(app, 'projects.create', { name: 'p'.repeat(2_001) })
  await assertRefused(app, 'projects.create', { name: 'project', description: 'd'.repeat(65_537) })
  await assertRefused(app, 'models.create', { name: 'm'.repeat(1_001), uri: 'file:///m' })
  await assertRefused(app, 'queues.create', { name: 'q'.repeat(1_001) })
  await assertRefused(app, 'tasks.edit_hyper_params', { task: await newTask(app), hyperparams: [{ section: 's'.repeat(1_001), name: 'lr', value: '1' }] })
  await assertRefused(app, 'tasks.ping', { task: 'x'.repeat(1_001) })
  const id = await newTask(app, { name: 'n'.repeat(1_000), tags: Array.from({ length: 1_000 }, (_, i) => `tag ${i}`), comment: 'c'.repeat(65_536) })
  assert.equal((await app.ok('tasks.get_by_id', { task: id })).task.name.length, 1_000)
})

test('a document nested past SQLite\'s JSON depth is refused by the store with 400/12, and the store keeps working', async (t) => {
  const app = await testApp(t)
  const doc = { id: 'deep', company: 'c', name: 'deep', runtime: nested(1_000) } as unknown as TaskDoc
  const err = await app.app.store.transaction((tx) => tx.tasks.insert(doc)).then(() => undefined, (e: unknown) => e)
  assert.ok(isApiError(err), `expected an ApiError, got ${String(err)}`)
  assert.deepEqual([err.code, err.subcode], [400, 12])
  await app.app.store.transaction((tx) => tx.tasks.insert({ ...doc, runtime: nested(900) as Record<string, unknown> }))
  await assertAlive(app)
})

test('a full disk answers 500/4 with a clear message and no driver detail; the server answers again once there is room', async (t) => {
  const app = await testApp(t)
  const db = (app.app.store as unknown as { db: Database }).db
  const pages = db.pragma('page_count', { simple: true }) as number
  db.pragma(`max_page_count = ${pages}`)
  const res = await app.call('tasks.create', { name: 'too big for the disk', type: 'training', comment: 'x'.repeat(60_000) })
  db.pragma('max_page_count = 4294967294')
  assert.deepEqual(codes(res), [500, 4])
  assert.match(res.meta.result_msg, /disk is full/)
  assert.doesNotMatch(JSON.stringify(res.meta), /SQLITE|SqliteError|better-sqlite3/)
  await newTask(app, { comment: 'x'.repeat(60_000) })
  await assertAlive(app)
})

// A user of a second company, as a fixed user may name their company (ClearML Enterprise configs).
const BOB_CONF = 'auth.fixed_users.users += { username: "bob", password: "bob-password", name: "Bob Other", company: "company-b" }\n'
const MAPPINGS = [{ field: 'name', name: 'Name' }]
const downloadOf = (app: TestApp, id: string, token = app.adminToken) => app.app.servers.api.inject({
  method: 'GET', url: `/organization.download_for_get_all?prepare_id=${encodeURIComponent(id)}`, headers: { authorization: `Bearer ${token}` },
})

test('organization.download_for_get_all takes only prepare ids this server issued to the caller, before they expire (400/10)', async (t) => {
  let now = new Date('2030-01-01T00:00:00Z')
  const app = await testApp(t, BOB_CONF, {}, () => now)
  const prepare = async (query: Record<string, unknown>, token?: string) => (await app.ok('organization.prepare_download_for_get_all',
    { entity_type: 'task', only_fields: ['name'], field_mappings: MAPPINGS, ...query }, token ? { token } : {})).prepare_id as string
  await newTask(app, { name: 'exported' })
  const id = await prepare({})
  assert.equal((await downloadOf(app, id)).statusCode, 200)

  // A client-made id (an unsigned request that names its own time, as today's ids are made) is refused.
  const forged = deflateRawSync(JSON.stringify({ at: now.getTime() + 3_600_000, request: { entity_type: 'task', only_fields: ['name'], field_mappings: MAPPINGS } }))
    .toString('base64url')
  const forgedRes = await downloadOf(app, forged)
  assert.equal(forgedRes.statusCode, 400)
  assert.equal(JSON.parse(forgedRes.body).meta.result_subcode, 10)
  // A changed payload under the original MAC is refused.
  const [payload, mac] = id.split('.')
  assert.equal((await downloadOf(app, `${payload.slice(0, -2)}AA.${mac}`)).statusCode, 400)

  // Another user (here of another company) cannot use the caller's id.
  const bob = await app.login('bob', 'bob-password')
  const other = await downloadOf(app, id, bob)
  assert.equal(other.statusCode, 400)
  assert.match(JSON.parse(other.body).meta.result_msg, /another user/)

  // Expired after the configured lifetime (ClearML's 300 s).
  now = new Date(now.getTime() + 301_000)
  const expired = await downloadOf(app, id)
  assert.equal(expired.statusCode, 400)
  assert.match(JSON.parse(expired.body).meta.result_msg, /expired/)
})

test('an export named after another company\'s project does not learn its name', async (t) => {
  const app = await testApp(t, BOB_CONF)
  const secret = { id: 'p-secret', company: 'company-b', name: 'Secret plans', basename: 'Secret plans', parent: null, path: [],
    description: '', user: 'bob', created: toApiDate(new Date()), last_update: toApiDate(new Date()), tags: [], system_tags: [] }
  await app.app.store.transaction((tx) => tx.projects.insert(secret))
  const { prepare_id: id } = await app.ok('organization.prepare_download_for_get_all',
    { entity_type: 'task', only_fields: ['name'], field_mappings: MAPPINGS, project: [secret.id] })
  const res = await downloadOf(app, id)
  assert.equal(res.statusCode, 200)
  assert.doesNotMatch(String(res.headers['content-disposition']), /Secret/)
})
