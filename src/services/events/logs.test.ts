import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp, type TestApp } from '../../test/test-app.js'
import { codes, log, seedTask, sendOk } from './events-test-kit.js'

async function taskWithLogs(app: TestApp, count = 10, base = 1_700_000_000_000): Promise<string> {
  const task = await seedTask(app)
  await sendOk(app, Array.from({ length: count }, (_, i) => log(task, `line ${i}`, { iter: i, timestamp: base + i * 1000 })))
  return task
}

const iters = (events: { iter: number }[]) => events.map((e) => e.iter)

test('events.get_task_log pages from the newest, navigates by from_timestamp both ways, and reports the total', async (t) => {
  const app = await testApp(t)
  const task = await taskWithLogs(app)
  const first = await app.ok('events.get_task_log', { task, batch_size: 5 })
  assert.deepEqual([first.total, first.returned], [10, 5])
  assert.deepEqual(iters(first.events), [9, 8, 7, 6, 5])
  const second = await app.ok('events.get_task_log', { task, batch_size: 5, from_timestamp: first.events[4].timestamp })
  assert.deepEqual(iters(second.events), [4, 3, 2, 1, 0])
  const third = await app.ok('events.get_task_log', { task, batch_size: 5, from_timestamp: second.events[4].timestamp })
  assert.deepEqual([third.returned, third.events.length], [0, 0])
  const later = await app.ok('events.get_task_log', { task, batch_size: 5, from_timestamp: second.events[0].timestamp, navigate_earlier: false })
  assert.deepEqual(iters(later.events), [5, 6, 7, 8, 9])
})

test('events.get_task_log order=asc returns the newest page oldest first (what the SDK reads)', async (t) => {
  const app = await testApp(t)
  const task = await taskWithLogs(app)
  const res = await app.ok('events.get_task_log', { task, batch_size: 3, order: 'asc', navigate_earlier: true })
  assert.deepEqual(res.events.map((e: { msg: string }) => e.msg), ['line 7', 'line 8', 'line 9'])
  const desc = await app.ok('events.get_task_log', { task, batch_size: 3, order: 'desc', navigate_earlier: false })
  assert.deepEqual(desc.events.map((e: { msg: string }) => e.msg), ['line 2', 'line 1', 'line 0'])
})

test('events.get_task_log returns every line sharing the boundary timestamp, so no line is skipped', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  await sendOk(app, [1, 2, 2, 2, 3].map((ts, i) => log(task, `l${i}`, { timestamp: ts })))
  const page = await app.ok('events.get_task_log', { task, batch_size: 2 })
  assert.deepEqual(page.events.map((e: { msg: string }) => e.msg), ['l4', 'l3', 'l2', 'l1'])
  const rest = await app.ok('events.get_task_log', { task, batch_size: 2, from_timestamp: 2 })
  assert.deepEqual(rest.events.map((e: { msg: string }) => e.msg), ['l0'])
})

test('log events keep level case, worker, metric and variant; shape is ClearML event dict', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  await sendOk(app, [log(task, 'a\nb', { level: 'INFO', timestamp: 42 })])
  const { events } = await app.ok('events.get_task_log', { task })
  assert.equal(events.length, 1)
  const e = events[0]
  assert.deepEqual({ ...e, '@timestamp': undefined }, {
    timestamp: 42, type: 'log', task, level: 'INFO', worker: 'test', msg: 'a\nb', metric: '', variant: '', model_event: false, '@timestamp': undefined,
  })
  assert.match(e['@timestamp'], /Z$/)
})

test('events.get_task_log filters by metric; clear_task_log removes all or by include/exclude metrics', async (t) => {
  const app = await testApp(t)
  const task = await taskWithLogs(app)
  await sendOk(app, [log(task, 'm0', { metric: 'metric', variant: 'v' }), log(task, 'm1', { metric: 'metric', variant: 'v' })])
  assert.equal((await app.ok('events.get_task_log', { task })).total, 12)
  assert.equal((await app.ok('events.get_task_log', { task, metrics: [{ metric: 'metric' }] })).total, 2)
  assert.deepEqual(await app.ok('events.clear_task_log', { task, exclude_metrics: ['metric'] }), { deleted: 10 })
  assert.equal((await app.ok('events.get_task_log', { task })).total, 2)
  assert.deepEqual(await app.ok('events.clear_task_log', { task, include_metrics: ['metric'] }), { deleted: 2 })
  assert.equal((await app.ok('events.get_task_log', { task })).total, 0)
})

test('events.clear_task_log with threshold_sec keeps recent lines; published tasks need allow_locked (400/101)', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  await sendOk(app, [log(task, 'old', { timestamp: 1000 }), log(task, 'new', { timestamp: Date.now() })])
  assert.deepEqual(await app.ok('events.clear_task_log', { task, threshold_sec: 3600 }), { deleted: 1 })
  const published = await seedTask(app, { status: 'published' })
  assert.deepEqual(codes(await app.call('events.clear_task_log', { task: published })), [400, 101])
  assert.deepEqual(await app.ok('events.clear_task_log', { task: published, allow_locked: true }), { deleted: 0 })
})

test('events.get_task_log answers 400/101 for an unknown task and 400/12 without one', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('events.get_task_log', { task: 'nope' })), [400, 101])
  assert.deepEqual(codes(await app.call('events.get_task_log', {})), [400, 12])
})

test('events.download_task_log streams the whole log as json lines or formatted text', async (t) => {
  const app = await testApp(t)
  const task = await taskWithLogs(app, 3)
  const json = await app.app.servers.api.inject({ method: 'GET', url: `/events.download_task_log?task=${task}`, headers: { authorization: `Bearer ${app.adminToken}` } })
  assert.equal(json.statusCode, 200)
  assert.match(String(json.headers['content-disposition']), new RegExp(`task_${task}.log`))
  const lines = json.body.trim().split('\n').map((l) => JSON.parse(l))
  assert.deepEqual(lines.map((l) => l.msg), ['line 0', 'line 1', 'line 2'])
  assert.equal(lines[0].asctime, 1_700_000_000_000)
  assert.equal(lines[0].type, undefined)
  const text = await app.app.servers.api.inject({
    method: 'GET', url: `/events.download_task_log?task=${task}&line_type=text&line_format=${encodeURIComponent('{level}|{msg!r}')}`,
    headers: { authorization: `Bearer ${app.adminToken}` },
  })
  assert.equal(text.body, "info|'line 0'\ninfo|'line 1'\ninfo|'line 2'\n")
})

test('events.download_task_log answers 400/16 for unknown placeholders or a malformed line_format', async (t) => {
  const app = await testApp(t)
  const task = await taskWithLogs(app, 1)
  assert.deepEqual(codes(await app.call('events.download_task_log', { task, line_type: 'text', line_format: '{nope} {msg}' })), [400, 16])
  assert.deepEqual(codes(await app.call('events.download_task_log', { task, line_type: 'text', line_format: '{msg' })), [400, 16])
})

test('events.get_task_log below API 2.9 scrolls from the head (or tail) with a scroll_id until empty', async (t) => {
  const app = await testApp(t)
  const task = await taskWithLogs(app, 5)
  const page = (body: Record<string, unknown>) => app.ok('events.get_task_log', { task, batch_size: 2, ...body }, { version: '1.7' })
  let res = await page({ order: 'asc' })
  const seen: number[] = iters(res.events)
  while (res.returned > 0) {
    res = await page({ order: 'asc', scroll_id: res.scroll_id })
    seen.push(...iters(res.events))
  }
  assert.deepEqual([seen, res.total], [[0, 1, 2, 3, 4], 5])
  assert.deepEqual(iters((await page({ from: 'tail' })).events), [4, 3])
  assert.deepEqual(codes(await app.call('events.get_task_log', { task, scroll_id: 'bogus' }, { version: '1.7' })), [400, 1104])
})
