import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, createQueue, entryTasks, readTask, seedQueuedTask, seedTask } from './queue-test-kit.js'

test('a new server has a queue named default tagged default, and get_default returns it', async (t) => {
  const app = await testApp(t)
  const res = await app.ok('queues.get_default')
  assert.equal(res.name, 'default')
  const { queue } = await app.ok('queues.get_by_id', { queue: res.id })
  assert.deepEqual(queue.system_tags, ['default'])
})

test('queues.get_default answers 400/707 when no queue is tagged default and 400/708 when several are', async (t) => {
  const app = await testApp(t)
  const def = await app.ok('queues.get_default')
  await app.ok('queues.update', { queue: def.id, system_tags: [] })
  assert.deepEqual(codes(await app.call('queues.get_default')), [400, 707])
  await app.ok('queues.update', { queue: def.id, system_tags: ['default'] })
  await createQueue(app, 'second default', { system_tags: ['default'] })
  assert.deepEqual(codes(await app.call('queues.get_default')), [400, 708])
})

test('queues.create stores name, display_name, tags and metadata; get_by_id returns them in ClearML shape', async (t) => {
  const app = await testApp(t)
  const meta = { k: { key: 'k', type: 'str', value: 'v' } }
  const id = await createQueue(app, '  my queue ', { display_name: 'My Queue', tags: ['a', 'b'], system_tags: ['s'], metadata: meta })
  const { queue } = await app.ok('queues.get_by_id', { queue: id })
  assert.equal(queue.id, id)
  assert.equal(queue.name, 'my queue')
  assert.equal(queue.display_name, 'My Queue')
  assert.deepEqual(queue.tags, ['a', 'b'])
  assert.deepEqual(queue.system_tags, ['s'])
  assert.deepEqual(queue.entries, [])
  assert.deepEqual(queue.metadata, meta)
  assert.match(queue.created, /\+00:00$/)
  assert.ok(queue.last_update)
})

test('queues.create answers 400/801 for a name already used in the company', async (t) => {
  const app = await testApp(t)
  await createQueue(app, 'dup queue')
  assert.deepEqual(codes(await app.call('queues.create', { name: 'dup queue' })), [400, 801])
})

test('queues.create answers 400/800 for a name under three characters and 400/12 without a name', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('queues.create', { name: ' ab ' })), [400, 800])
  assert.deepEqual(codes(await app.call('queues.create', {})), [400, 12])
})

test('queues.create answers 400/16 for a tag starting with the __$ operator prefix', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('queues.create', { name: 'bad tags', tags: ['__$not'] })), [400, 16])
})

test('queues.get_by_id answers 400/701 for an unknown queue and cuts entries to max_task_entries', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('queues.get_by_id', { queue: 'missing' })), [400, 701])
  const q = await createQueue(app, 'cut queue')
  const tasks = [await seedQueuedTask(app, q), await seedQueuedTask(app, q), await seedQueuedTask(app, q)]
  assert.deepEqual(entryTasks((await app.ok('queues.get_by_id', { queue: q })).queue), tasks)
  assert.deepEqual(entryTasks((await app.ok('queues.get_by_id', { queue: q, max_task_entries: 2 })).queue), tasks.slice(0, 2))
})

test('queues.update writes the sent fields and returns them; nothing to update gives updated 0', async (t) => {
  const app = await testApp(t)
  const id = await createQueue(app, 'upd queue', { tags: ['hello', 'world'] })
  const res = await app.ok('queues.update', { queue: id, tags: ['test'], display_name: 'Shown' })
  assert.equal(res.updated, 1)
  assert.deepEqual(res.fields, { tags: ['test'], display_name: 'Shown' })
  const { queue } = await app.ok('queues.get_by_id', { queue: id })
  assert.deepEqual([queue.tags, queue.display_name, queue.name], [['test'], 'Shown', 'upd queue'])
  assert.deepEqual(await app.ok('queues.update', { queue: id }), { updated: 0, fields: {} })
})

test('queues.update answers 400/701 for an unknown queue and 400/801 when renaming onto a taken name', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('queues.update', { queue: 'missing', name: 'whatever' })), [400, 701])
  await createQueue(app, 'taken name')
  const id = await createQueue(app, 'other name')
  assert.deepEqual(codes(await app.call('queues.update', { queue: id, name: 'taken name' })), [400, 801])
  assert.deepEqual(codes(await app.call('queues.update', { queue: id, name: 'x' })), [400, 800])
})

test('queues.delete removes an empty queue and answers 400/701 for an unknown one', async (t) => {
  const app = await testApp(t)
  const id = await createQueue(app, 'to delete')
  assert.deepEqual(await app.ok('queues.delete', { queue: id }), { deleted: 1 })
  assert.deepEqual(codes(await app.call('queues.get_by_id', { queue: id })), [400, 701])
  assert.deepEqual(codes(await app.call('queues.delete', { queue: id })), [400, 701])
})

test('queues.delete of a non-empty queue answers 400/702 unless force, which returns its tasks to their prior status', async (t) => {
  const app = await testApp(t)
  const id = await createQueue(app, 'busy queue')
  const fromCreated = await seedQueuedTask(app, id)
  const fromFailed = await seedQueuedTask(app, id, { enqueue_status: 'failed' })
  assert.deepEqual(codes(await app.call('queues.delete', { queue: id })), [400, 702])
  assert.deepEqual(await app.ok('queues.delete', { queue: id, force: true }), { deleted: 1 })
  const a = await readTask(app, fromCreated)
  const b = await readTask(app, fromFailed)
  assert.deepEqual([a?.status, b?.status], ['created', 'failed'])
  assert.equal(a?.execution.queue, undefined)
  assert.equal(a?.enqueue_status, null)
  assert.equal(a?.status_reason, `Queue ${id} was deleted`)
})

test('queues.get_all filters by name pattern, id, tags and system_tags with exclusion', async (t) => {
  const app = await testApp(t)
  const a = await createQueue(app, 'TestTempQueue1', { tags: ['red'], system_tags: ['default2'] })
  const b = await createQueue(app, 'TestTempQueue2', { tags: ['blue'] })
  await createQueue(app, 'unrelated')
  const ids = async (req: object) => (await app.ok('queues.get_all', req)).queues.map((q: { id: string }) => q.id)
  assert.deepEqual(await ids({ name: 'TestTempQueue' }), [a, b])
  assert.deepEqual(await ids({ id: [b] }), [b])
  assert.deepEqual(await ids({ name: 'TestTemp', tags: ['red'] }), [a])
  assert.deepEqual(await ids({ name: 'TestTemp', system_tags: ['-default2'] }), [b])
  assert.deepEqual(await ids({ name: 'TestTemp', order_by: ['-name'] }), [b, a])
})

test('queues.get_all honours only_fields and max_task_entries', async (t) => {
  const app = await testApp(t)
  const q = await createQueue(app, 'projected')
  const tasks = [await seedQueuedTask(app, q), await seedQueuedTask(app, q)]
  const [one] = (await app.ok('queues.get_all', { id: [q], only_fields: ['name'] })).queues
  assert.deepEqual(one, { id: q, name: 'projected' })
  const [cut] = (await app.ok('queues.get_all', { id: [q], max_task_entries: 1 })).queues
  assert.deepEqual(entryTasks(cut), tasks.slice(0, 1))
})

test('queues.get_all filters on metadata values', async (t) => {
  const app = await testApp(t)
  const q = await createQueue(app, 'with meta', { metadata: { gpu: { key: 'gpu', type: 'str', value: 'a100' } } })
  await createQueue(app, 'without meta')
  const res = await app.ok('queues.get_all', { 'metadata.gpu.value': ['a100'] })
  assert.deepEqual(res.queues.map((x: { id: string }) => x.id), [q])
})

test('hidden queues (system tag k8s-glue) are left out of get_all and get_all_ex unless search_hidden, id or name is given', async (t) => {
  const app = await testApp(t)
  const hidden = await createQueue(app, 'TestHiddenQueue', { system_tags: ['k8s-glue'] })
  const shown = await createQueue(app, 'TestNonHiddenQueue')
  for (const name of ['queues.get_all', 'queues.get_all_ex']) {
    const ids = async (req: object) => new Set((await app.ok(name, req)).queues.map((q: { id: string }) => q.id))
    const plain = await ids({})
    assert.ok(!plain.has(hidden) && plain.has(shown), name)
    assert.ok((await ids({ search_hidden: true })).has(hidden), name)
    assert.ok((await ids({ name: '^TestHiddenQueue$' })).has(hidden), name)
    assert.ok((await ids({ id: [hidden] })).has(hidden), name)
  }
})

test('the hidden tags come from services.queues.hidden_tags', async (t) => {
  const app = await testApp(t, '', { CLEARML__services__queues__hidden_tags: '["secret"]' })
  const hidden = await createQueue(app, 'secret queue', { system_tags: ['secret'] })
  const glue = await createQueue(app, 'glue queue', { system_tags: ['k8s-glue'] })
  const ids = new Set((await app.ok('queues.get_all', {})).queues.map((q: { id: string }) => q.id))
  assert.ok(!ids.has(hidden) && ids.has(glue))
})

test('queues.get_all_ex returns entries with the task as {id, name}, workers, display_name and last_update', async (t) => {
  const app = await testApp(t)
  const q = await createQueue(app, 'TestTempQueueEx', { display_name: 'Shown', tags: ['T1'] })
  const t1 = await seedQueuedTask(app, q, { name: 'temp task1' })
  const t2 = await seedQueuedTask(app, q, { name: 'temp task2' })
  const [queue] = (await app.ok('queues.get_all_ex', { name: 'TestTempQueueEx' })).queues
  assert.deepEqual(entryTasks(queue), [{ id: t1, name: 'temp task1' }, { id: t2, name: 'temp task2' }])
  assert.deepEqual(queue.workers, [])
  assert.equal(queue.display_name, 'Shown')
  assert.ok(queue.last_update)
  const [cut] = (await app.ok('queues.get_all_ex', { id: [q], max_task_entries: 1 })).queues
  assert.deepEqual(entryTasks(cut), [{ id: t1, name: 'temp task1' }])
})

test('queues.get_all_ex keeps an entry whose task no longer exists as {id}', async (t) => {
  const app = await testApp(t)
  const q = await createQueue(app, 'ghost entries')
  await app.ok('queues.add_task', { queue: q, task: 'no-such-task' })
  const [queue] = (await app.ok('queues.get_all_ex', { id: [q] })).queues
  assert.deepEqual(entryTasks(queue), [{ id: 'no-such-task' }])
})

test('queue metadata: add_or_update merges or replaces, delete_metadata removes keys, both answer updated 1', async (t) => {
  const app = await testApp(t)
  const meta1 = { test_key: { key: 'test_key', type: 'str', value: 'test_value' } }
  const q = await createQueue(app, 'TestMetadata', { metadata: meta1 })
  const metaOf = async () => (await app.ok('queues.get_all_ex', { id: [q] })).queues[0].metadata
  assert.deepEqual(await metaOf(), meta1)
  const meta2 = { test1: { key: 'test1', type: 'str', value: 'data1' }, test2: { key: 'test2', type: 'str', value: 'data2' } }
  await app.ok('queues.update', { queue: q, metadata: meta2 })
  assert.deepEqual(await metaOf(), meta2)
  const updates = [{ key: 'test2', type: 'int', value: '10' }, { key: 'test4', type: 'array', value: 'x,y' }]
  assert.deepEqual(await app.ok('queues.add_or_update_metadata', { queue: q, metadata: updates }), { updated: 1 })
  assert.deepEqual(await metaOf(), { ...meta2, test2: updates[0], test4: updates[1] })
  assert.deepEqual(await app.ok('queues.delete_metadata', { queue: q, keys: ['test2', 'test4', 'nope'] }), { updated: 1 })
  assert.deepEqual(await metaOf(), { test1: meta2.test1 })
  await app.ok('queues.add_or_update_metadata', { queue: q, metadata: updates.slice(1), replace_metadata: true })
  assert.deepEqual(await metaOf(), { test4: updates[1] })
})

test('queue metadata calls answer 400/701 for an unknown queue and 400/12 for an empty list', async (t) => {
  const app = await testApp(t)
  const item = { key: 'k', type: 'str', value: 'v' }
  assert.deepEqual(codes(await app.call('queues.add_or_update_metadata', { queue: 'missing', metadata: [item] })), [400, 701])
  assert.deepEqual(codes(await app.call('queues.delete_metadata', { queue: 'missing', keys: ['k'] })), [400, 701])
  const q = await createQueue(app, 'meta errors')
  assert.deepEqual(codes(await app.call('queues.add_or_update_metadata', { queue: q, metadata: [] })), [400, 12])
  assert.deepEqual(codes(await app.call('queues.delete_metadata', { queue: q, keys: [] })), [400, 12])
})

test('a queue of another company is invisible: 400/701 by id and absent from get_all', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const foreign = 'foreign-queue'
  await app.app.store.transaction((tx) => tx.queues.insert({
    id: foreign, company: 'other-company', name: 'foreign', created: '2024-01-01T00:00:00.000000+00:00', tags: [], system_tags: [], entries: [],
  }))
  assert.deepEqual(codes(await app.call('queues.get_by_id', { queue: foreign })), [400, 701])
  assert.deepEqual(codes(await app.call('queues.add_task', { queue: foreign, task })), [400, 701])
  const ids = (await app.ok('queues.get_all', { search_hidden: true })).queues.map((q: { id: string }) => q.id)
  assert.ok(!ids.includes(foreign))
})
