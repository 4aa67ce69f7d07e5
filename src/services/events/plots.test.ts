import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'
import { codes, plot, seedTask, sendOk } from './events-test-kit.js'

const ids = (events: { iter: number; metric: string; variant: string; plot_str: string }[]) =>
  events.map((e) => `${e.iter}/${e.metric}/${e.variant}/${e.plot_str}`)

test('get_task_plots returns the last `iters` plots of every metric/variant with their plot_str', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const roc = JSON.stringify({ data: [{ x: [0, 1], y: [0, 1], name: 'class1' }], layout: { title: 'ROC' } })
  await sendOk(app, [plot(task, 0, 'roc', '', roc), plot(task, 100, 'confusion', '', '{"data":[]}'), plot(task, 50, 'confusion', '', 'old')])
  const res = await app.ok('events.get_task_plots', { task })
  assert.deepEqual(ids(res.plots), ['100/confusion//{"data":[]}', `0/roc//${roc}`])
  assert.deepEqual([res.returned, res.total], [2, 2])
  assert.equal(res.plots[1].plot_len, roc.length)
  const two = await app.ok('events.get_task_plots', { task, iters: 2, metrics: [{ metric: 'confusion' }] })
  assert.deepEqual(ids(two.plots), ['100/confusion//{"data":[]}', '50/confusion//old'])
})

test('with services.events.validate_plot_str, a plot that is not JSON is added but get_task_plots leaves it out', async (t) => {
  const app = await testApp(t, '', { CLEARML__services__events__validate_plot_str: 'true' })
  const task = await seedTask(app)
  const res = await sendOk(app, [plot(task, 0, 'good', '', '{"data": []}'), plot(task, 100, 'bad', '', 'Not a valid json'), plot(task, 5, 'empty', '', '')])
  assert.deepEqual([res.added, res.errors], [3, 0])
  assert.deepEqual(ids((await app.ok('events.get_task_plots', { task })).plots), ['0/good//{"data": []}'])
  // skip_validation stores them unchecked, so they show; a re-report overwrites the check with its own.
  await sendOk(app, [plot(task, 100, 'bad', '', 'Not a valid json', { skip_validation: true }), plot(task, 5, 'empty', '', '', { skip_validation: true })])
  assert.deepEqual(ids((await app.ok('events.get_task_plots', { task })).plots).sort(), ['0/good//{"data": []}', '100/bad//Not a valid json', '5/empty//'])
  // Other read paths show every plot, as ClearML's do.
  const sample = await app.ok('events.get_plot_sample', { task, metric: 'bad' })
  assert.equal(sample.events.length, 1)
})

test('without validate_plot_str (the default) a plot string is stored and shown whatever it holds', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  await sendOk(app, [plot(task, 1, 'bad', '', 'Not a valid json')])
  assert.deepEqual(ids((await app.ok('events.get_task_plots', { task })).plots), ['1/bad//Not a valid json'])
})

test('a large plot is stored compressed and comes back whole; its embedded image URLs are kept for cleanup', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const big = JSON.stringify({ data: [{ y: Array.from({ length: 30_000 }, (_, i) => i) }], layout: { images: [{ source: 'http://files/x.png' }] } })
  await sendOk(app, [plot(task, 1, 'big', 'v', big)])
  const res = await app.ok('events.get_task_plots', { task })
  assert.equal(res.plots[0].plot_str, big)
  const urls = await app.app.store.read((tx) => tx.events.samples.fileUrls([task]))
  assert.deepEqual(urls, ['http://files/x.png'])
})

test('get_multi_task_plots nests metric → variant → task → iteration with the task name', async (t) => {
  const app = await testApp(t)
  const task1 = await seedTask(app, { name: 'one' })
  const task2 = await seedTask(app, { name: 'two' })
  await sendOk(app, [
    plot(task1, 1, 'A', 'AX', 'Task1_1_A_AX'), plot(task1, 2, 'B', 'BX', 'Task1_2_B_BX'), plot(task1, 3, 'B', 'BX', 'Task1_3_B_BX'),
    plot(task1, 3, 'C', 'CX', 'Task1_3_C_CX'), plot(task2, 1, 'C', 'CX', 'Task2_1_C_CX'), plot(task2, 2, 'A', 'AY', 'Task2_2_A_AY'),
  ])
  const res = await app.ok('events.get_multi_task_plots', { tasks: [task1, task2] })
  const { plots } = res
  assert.deepEqual(Object.keys(plots).sort(), ['A', 'B', 'C'])
  assert.equal(plots.A.AX[task1]['1'].plots[0].plot_str, 'Task1_1_A_AX')
  assert.equal(plots.A.AX[task1]['1'].name, 'one')
  assert.equal(plots.A.AY[task2]['2'].plots[0].plot_str, 'Task2_2_A_AY')
  assert.deepEqual(Object.keys(plots.B.BX[task1]), ['3'])
  assert.equal(plots.C.CX[task2]['1'].plots[0].plot_str, 'Task2_1_C_CX')
  assert.equal(res.returned, 3)
  const next = await app.ok('events.get_multi_task_plots', { tasks: [task1, task2], scroll_id: res.scroll_id })
  assert.deepEqual([next.plots, next.returned], [{}, 0])
  const onlyA = await app.ok('events.get_multi_task_plots', { tasks: [task1, task2], metrics: [{ metric: 'A' }] })
  assert.deepEqual(Object.keys(onlyA.plots), ['A'])
  assert.deepEqual(codes(await app.call('events.get_multi_task_plots', { tasks: ['nope'] })), [400, 101])
})

test('events.plots pages whole iterations newest first, forward and back, and refresh restarts', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const events = []
  for (let n = 0; n < 10; n++) for (const v of ['Variant1', 'Variant2']) events.push(plot(task, n, 'Metric1', v, `Metric1_${v}_${n}`))
  await sendOk(app, events)
  const page = (scroll_id?: string, extra: Record<string, unknown> = {}) =>
    app.ok('events.plots', { metrics: [{ task, metric: 'Metric1' }], iters: 5, scroll_id, ...extra })
  const itersOf = (r: { metrics: { iterations: { iter: number; events: unknown[] }[] }[] }) =>
    r.metrics[0].iterations.map((it) => `${it.iter}:${it.events.length}`)
  const p0 = await page()
  assert.deepEqual(itersOf(p0), ['9:2', '8:2', '7:2', '6:2', '5:2'])
  const p1 = await page(p0.scroll_id)
  assert.deepEqual(itersOf(p1), ['4:2', '3:2', '2:2', '1:2', '0:2'])
  const p2 = await page(p1.scroll_id)
  assert.deepEqual(itersOf(p2), [])
  const back = await page(p2.scroll_id, { navigate_earlier: false })
  assert.deepEqual(itersOf(back), ['9:2', '8:2', '7:2', '6:2', '5:2'])
  assert.deepEqual(itersOf(await page(back.scroll_id, { refresh: true })), ['9:2', '8:2', '7:2', '6:2', '5:2'])
})

test('get_plot_sample returns all variants of a metric at the newest or a given iteration', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const empty = await app.ok('events.get_plot_sample', { task, metric: 'Metric1' })
  assert.deepEqual([empty.events, empty.min_iteration, empty.max_iteration], [[], null, null])
  const events = []
  for (let n = 0; n < 10; n++) events.push(plot(task, Math.floor(n / 2), 'Metric1', ['Variant1', 'Variant2'][n % 2], `Test plot str ${n}`))
  await sendOk(app, events)
  const res = await app.ok('events.get_plot_sample', { task, metric: 'Metric1' })
  assert.deepEqual(res.events.map((e: { plot_str: string }) => e.plot_str), ['Test plot str 8', 'Test plot str 9'])
  assert.deepEqual([res.min_iteration, res.max_iteration], [0, 4])
  const at3 = await app.ok('events.get_plot_sample', { task, metric: 'Metric1', iteration: 3, scroll_id: res.scroll_id })
  assert.deepEqual(at3.events.map((e: { plot_str: string }) => e.plot_str), ['Test plot str 6', 'Test plot str 7'])
})

test('next_plot_sample navigates within a metric, across metrics, and by next_iteration', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const pairs = [['Metric1', 'variant1'], ['Metric1', 'variant2'], ['Metric2', 'variant3'], ['Metric2', 'variant4']]
  const events = []
  for (let n = 0; n < 2; n++) for (const [m, v] of pairs) events.push(plot(task, n, m, v, `${n}/${m}/${v}`))
  await sendOk(app, events)
  const strs = (r: { events: { plot_str: string }[] }) => r.events.map((e) => e.plot_str)
  let res = await app.ok('events.get_plot_sample', { task, metric: 'Metric1' })
  assert.deepEqual(strs(res), ['1/Metric1/variant1', '1/Metric1/variant2'])
  const next = async (extra: Record<string, unknown> = {}) => {
    res = await app.ok('events.next_plot_sample', { task, scroll_id: res.scroll_id, ...extra })
    return strs(res)
  }
  assert.deepEqual(await next({ navigate_earlier: false }), [])
  assert.deepEqual(await next(), ['0/Metric1/variant1', '0/Metric1/variant2'])
  assert.deepEqual(await next(), [])
  res = await app.ok('events.get_plot_sample', { task, metric: 'Metric1', navigate_current_metric: false })
  assert.deepEqual(strs(res), ['1/Metric1/variant1', '1/Metric1/variant2'])
  assert.deepEqual(await next({ navigate_earlier: false }), ['1/Metric2/variant3', '1/Metric2/variant4'])
  assert.deepEqual(await next(), ['1/Metric1/variant1', '1/Metric1/variant2'])
  assert.deepEqual(await next(), ['0/Metric2/variant3', '0/Metric2/variant4'])
  assert.deepEqual(await next({ next_iteration: true }), [])
  assert.deepEqual(await next({ next_iteration: true, navigate_earlier: false }), ['1/Metric1/variant1', '1/Metric1/variant2'])
  assert.deepEqual(await next({ next_iteration: true, navigate_earlier: false }), [])
  assert.deepEqual(codes(await app.call('events.next_plot_sample', { task, scroll_id: 'bogus' })), [400, 1104])
})
