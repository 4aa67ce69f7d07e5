import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp, type TestApp } from '../../test/test-app.js'
import { codes, image, seedTask, sendOk } from './events-test-kit.js'

const V = '2.12'

interface DebugImagesPage { scroll_id: string; metrics: { task: string; iterations: { iter: number; events: { metric: string; variant: string; iter: number; url: string }[] }[] }[] }

async function debugImages(app: TestApp, body: Record<string, unknown>): Promise<DebugImagesPage> {
  return app.ok('events.debug_images', body, { version: V })
}

const variantsOf = (page: DebugImagesPage) => page.metrics[0].iterations.map((it) => it.events.map((e) => `${e.metric}/${e.variant}`).sort())

test('events.debug_images is empty for a task without images, with and without refresh', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const res = await debugImages(app, { metrics: [{ task }], iters: 5 })
  assert.deepEqual(res.metrics, [{ task, iterations: [] }])
  const again = await debugImages(app, { metrics: [{ task }], iters: 5, scroll_id: res.scroll_id, refresh: true })
  assert.deepEqual(again.metrics[0].iterations, [])
})

test('events.debug_images keeps the metrics of its state until refresh picks up new ones', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  await sendOk(app, ['V1', 'V2'].map((v) => image(task, 1, 'Metric1', v, `u_${v}_1`)).concat(['V3', 'V4'].map((v) => image(task, 1, 'Metric2', v, `u_${v}_1`))))
  const first = await debugImages(app, { metrics: [{ task }], iters: 1 })
  assert.deepEqual(variantsOf(first), [['Metric1/V1', 'Metric1/V2', 'Metric2/V3', 'Metric2/V4']])
  await sendOk(app, ['V3', 'V4', 'V5'].map((v) => image(task, 2, 'Metric2', v, `u_${v}_2`)).concat(['VA', 'VB'].map((v) => image(task, 2, 'Metric3', v, `u_${v}_2`))))
  const stale = await debugImages(app, { metrics: [{ task }], iters: 1, scroll_id: first.scroll_id })
  assert.deepEqual(stale.metrics[0].iterations, [])
  const fresh = await debugImages(app, { metrics: [{ task }], iters: 1, scroll_id: stale.scroll_id, refresh: true })
  assert.deepEqual(variantsOf(fresh), [['Metric2/V3', 'Metric2/V4', 'Metric2/V5', 'Metric3/VA', 'Metric3/VB']])
})

test('events.debug_images pages iterations both ways and hides iterations whose image file was recycled', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const metric = 'Metric1'
  const variants: [string, number][] = [['Variant1', 7], ['Variant2', 4]]
  const events = []
  for (let n = 0; n < 10; n++) for (const [v, unique] of variants) events.push(image(task, n, metric, v, `${metric}_${v}_${n % unique}`))
  await sendOk(app, events)
  const page = (scroll_id: string | undefined, extra: Record<string, unknown> = {}) =>
    debugImages(app, { metrics: [{ task, metric }], iters: 5, scroll_id, ...extra })
  const iterationsOf = (p: DebugImagesPage) => p.metrics[0].iterations.map((it) => [it.iter, it.events.length])
  const p0 = await page(undefined)
  assert.deepEqual(iterationsOf(p0), [[9, 2], [8, 2], [7, 2], [6, 2], [5, 1]])
  const p1 = await page(p0.scroll_id)
  assert.deepEqual(iterationsOf(p1), [[4, 1], [3, 1]])
  const p2 = await page(p1.scroll_id)
  assert.deepEqual(iterationsOf(p2), [])
  const back = await page(p2.scroll_id, { navigate_earlier: false })
  assert.deepEqual(iterationsOf(back), [[9, 2], [8, 2], [7, 2], [6, 2], [5, 1]])
  const beyond = await page(back.scroll_id, { navigate_earlier: false })
  assert.deepEqual(iterationsOf(beyond), [])
  assert.deepEqual(iterationsOf(await page(back.scroll_id)), [[4, 1], [3, 1]])
  assert.deepEqual(iterationsOf(await page(back.scroll_id, { refresh: true })), [[9, 2], [8, 2], [7, 2], [6, 2], [5, 1]])
})

test('events.debug_images answers 400/101 for an unknown task and 400/12 without metrics', async (t) => {
  const app = await testApp(t)
  assert.deepEqual(codes(await app.call('events.debug_images', { metrics: [{ task: 'nope' }] }, { version: V })), [400, 101])
  assert.deepEqual(codes(await app.call('events.debug_images', { metrics: [] }, { version: V })), [400, 12])
})

test('get_debug_image_sample returns the newest image and its valid iteration range, or a given iteration', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const empty = await app.ok('events.get_debug_image_sample', { task, metric: 'Metric1', variant: 'Variant1' }, { version: V })
  assert.deepEqual([empty.event, empty.min_iteration, empty.max_iteration], [null, null, null])
  await sendOk(app, Array.from({ length: 10 }, (_, n) => image(task, n, 'Metric1', 'Variant1', `Metric1_Variant1_${n % 4}`)))
  const res = await app.ok('events.get_debug_image_sample', { task, metric: 'Metric1', variant: 'Variant1' }, { version: V })
  assert.deepEqual([res.event.iter, res.event.url, res.min_iteration, res.max_iteration], [9, 'Metric1_Variant1_1', 6, 9])
  assert.ok(res.scroll_id)
  const at8 = await app.ok('events.get_debug_image_sample', { task, metric: 'Metric1', variant: 'Variant1', iteration: 8, scroll_id: res.scroll_id }, { version: V })
  assert.deepEqual([at8.event.iter, at8.event.url], [8, 'Metric1_Variant1_0'])
  const otherMetric = await app.call('events.get_debug_image_sample', { task, metric: 'Other', variant: 'Variant1', scroll_id: res.scroll_id }, { version: V })
  assert.deepEqual(codes(otherMetric), [400, 1104])
})

test('next_debug_image_sample steps variant by variant, then iteration by iteration, until nothing is left', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  const events = []
  for (let n = 0; n < 2; n++) for (const v of ['Variant1', 'Variant2']) events.push(image(task, n, 'Metric1', v, `Metric1_${v}_${n}`))
  await sendOk(app, events)
  const at = (r: { event: { iter: number; variant: string } | null }) => (r.event ? `${r.event.iter}/${r.event.variant}` : null)
  let res = await app.ok('events.get_debug_image_sample', { task, metric: 'Metric1', variant: 'Variant1' }, { version: V })
  assert.equal(at(res), '1/Variant1')
  const next = (earlier = true) => app.ok('events.next_debug_image_sample', { task, scroll_id: res.scroll_id, navigate_earlier: earlier }, { version: V })
  res = await next(false)
  assert.equal(at(res), '1/Variant2')
  res = await next(false)
  assert.equal(at(res), null)
  const seen = []
  for (let i = 0; i < 3; i++) {
    res = await next()
    seen.push(at(res))
  }
  assert.deepEqual(seen, ['1/Variant1', '0/Variant2', '0/Variant1'])
  assert.equal(at(await next()), null)
  assert.deepEqual(codes(await app.call('events.next_debug_image_sample', { task, scroll_id: 'bogus' }, { version: V })), [400, 1104])
})

test('events.debug_images below API 2.7 answers the old shape: the images of the last `iters` iterations', async (t) => {
  const app = await testApp(t)
  const task = await seedTask(app)
  await sendOk(app, [image(task, 1, 'm', 'a', 'u1'), image(task, 2, 'm', 'a', 'u2'), image(task, 2, 'm', 'b', 'u3')])
  const res = await app.ok('events.debug_images', { task, iters: 1 }, { version: '2.1' })
  assert.deepEqual([res.task, res.returned, res.images.map((e: { url: string }) => e.url).sort()], [task, 2, ['u2', 'u3']])
  assert.deepEqual(codes(await app.call('events.debug_images', { task: 'nope' }, { version: '2.1' })), [400, 101])
})
