import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ScalarEvent } from './event-types.js'
import { addToSummary, applyScalarSummaries, batchLastIteration, hashFieldName, newEntitySummary, scalarSummaries, type MetricsHolder } from './last-metrics.js'
import { compileLogLineFormat, formatLogLine } from './log-format.js'
import { eventRef, findBatchInconsistency, isPythonJson, parseEvent } from './parse-event.js'
import { plotSourceUrls } from './plot-sources.js'
import { bucketStart, groupIntervals, seriesInterval } from './sampling.js'

const scalar = (metric: string, variant: string, iter: number, value: number): ScalarEvent => ({
  type: 'training_stats_scalar', task: 't', modelEvent: false, timestamp: iter, worker: '', metric, variant, iter, value,
})

test('seriesInterval: every point below `samples`, else ceil(range / samples)', () => {
  assert.deepEqual(seriesInterval({ count: 99, min: 0, max: 1e6 }, 100), { interval: 1, buckets: 99 })
  assert.deepEqual(seriesInterval({ count: 100, min: 0, max: 99 }, 10), { interval: 10, buckets: 10 })
  assert.deepEqual(seriesInterval({ count: 100_000, min: 0, max: 99_999 }, 2000), { interval: 50, buckets: 2000 })
  assert.equal(bucketStart(-1, 10), -10)
})

test('groupIntervals gives series within 10% of a group start the group maximum, and splits at 50 series', () => {
  const items = [10, 11, 12, 40].map((interval) => ({ interval, buckets: 10 }))
  const out = groupIntervals(items, (i) => i)
  assert.deepEqual(items.map((i) => out.get(i)), [11, 11, 12, 40])
  const many = Array.from({ length: 60 }, () => ({ interval: 5, buckets: 1 }))
  assert.equal(new Set(groupIntervals(many, (i) => i).values()).size, 1)
})

test('last_metrics tracks up to 2000 metric/variant pairs (no lower cap), then ignores new ones', () => {
  const doc: MetricsHolder = {}
  const s = newEntitySummary()
  for (let i = 0; i < 2001; i++) addToSummary(s, scalar(`m${i}`, 'v', 1, i))
  applyScalarSummaries(doc, scalarSummaries(s))
  assert.equal(doc.unique_metrics?.length, 2000)
  assert.equal(Object.keys(doc.last_metrics ?? {}).length, 2000)
  assert.equal(doc.last_metrics?.[hashFieldName('m2000')], undefined)
})

test('batchLastIteration: the highest iteration of the metrics that count, at least 0; undefined when none', () => {
  const s = newEntitySummary()
  assert.equal(batchLastIteration(s, new Set()), undefined)
  addToSummary(s, scalar(':monitor:gpu', 'v', 9000, 1))
  assert.equal(batchLastIteration(s, new Set([':monitor:gpu'])), undefined)
  addToSummary(s, scalar('loss', 'v', -5, 1))
  assert.equal(batchLastIteration(s, new Set([':monitor:gpu'])), 0)
  addToSummary(s, scalar('loss', 'v', 12, 1))
  addToSummary(s, scalar('loss', 'v', 7, 1))
  assert.deepEqual([batchLastIteration(s, new Set([':monitor:gpu'])), batchLastIteration(s, new Set())], [12, 9000])
})

test('a batch sets value from its latest (iter, timestamp) and min/max only when beyond the stored ones', () => {
  const doc: MetricsHolder = {}
  const apply = (events: ScalarEvent[]) => {
    const s = newEntitySummary()
    for (const e of events) addToSummary(s, e)
    applyScalarSummaries(doc, scalarSummaries(s))
  }
  apply([scalar('m', 'v', 5, 3), scalar('m', 'v', 2, 9), scalar('m', 'v', 7, 1)])
  apply([scalar('m', 'v', 1, 4)])
  const v = doc.last_metrics?.[hashFieldName('m')][hashFieldName('v')]
  assert.deepEqual([v?.value, v?.min_value, v?.min_value_iteration, v?.max_value, v?.first_value, v?.first_value_iteration, v?.count, v?.mean_value],
    [4, 1, 7, 9, 9, 2, 4, 4.25])
})

test('parseEvent applies ClearML defaults and reasons; batch consistency is checked per entity', () => {
  const raw = { type: 'unknown type', task: 't', value: 1 }
  assert.equal(parseEvent(raw, eventRef(raw), { nowMs: 5, worker: 'w' }), 'Invalid event type unknown_type')
  const ok = { type: 'training_stats_scalar', task: 't', value: '2.5', ts: 7 }
  assert.deepEqual(parseEvent(ok, eventRef(ok), { nowMs: 5, worker: 'w' }), {
    type: 'training_stats_scalar', task: 't', modelEvent: false, timestamp: 7, worker: 'w', metric: '', variant: '', iter: 0, value: 2.5,
  })
  const model = { type: 'log', model: 'm', model_event: true }
  assert.equal(parseEvent(model, eventRef(model), { nowMs: 5, worker: '' }), 'Task log events are not supported for models')
  assert.match(findBatchInconsistency([{ id: 'a', modelEvent: false, allowLocked: true }, { id: 'a', modelEvent: false, allowLocked: false }])?.detail ?? '', /allow_locked/)
  assert.deepEqual(findBatchInconsistency([{ id: 'a', modelEvent: false, allowLocked: false }, { id: 'a', modelEvent: true, allowLocked: false }])?.data, { tasks: ['a'] })
  assert.equal(findBatchInconsistency([{ id: 'a', modelEvent: false, allowLocked: false }, { id: 'b', modelEvent: true, allowLocked: true }]), undefined)
})

test('log line templates: Python format subset, !r, {{ }} escapes, one trailing newline', () => {
  const t = compileLogLineFormat('{{x}} {level!r} {msg}\n\n')
  assert.equal(formatLogLine(t, { asctime: 1, timestamp: 1, level: 'info', worker: 'w', msg: "it's" }), "{x} 'info' it's\n")
  assert.throws(() => compileLogLineFormat('{msg:>10}'), /invalid line format/)
  assert.throws(() => compileLogLineFormat('{nope}'), /undefined placeholders/)
})

test('plotSourceUrls finds image sources embedded in a figure', () => {
  assert.deepEqual(plotSourceUrls('{"layout": {"images": [{"source": "https://f/x.png"}, {"source": "data:x"}]}}'), ['https://f/x.png'])
  assert.deepEqual(plotSourceUrls('{"data": []}'), [])
})

test('isPythonJson reads plot strings as Python json.loads does: NaN and ±Infinity allowed, outside strings only', () => {
  for (const ok of ['{"data": []}', '[1, NaN, -Infinity, Infinity]', '{"name": "NaN"}', ' 3 ', '"text"', 'null']) assert.equal(isPythonJson(ok), true, ok)
  for (const bad of ['', '   ', 'Not a valid json', '{"data": [}', '-NaN', 'NaNx', '{"a": 1} trailing', "{'single': 1}"]) {
    assert.equal(isPythonJson(bad), false, bad)
  }
})

test('parseEvent checks plot_str only when asked, and an event can opt out with skip_validation', () => {
  const raw = { type: 'plot', task: 't', iter: 1, metric: 'm', variant: 'v', plot_str: 'not json', timestamp: 5 }
  const at = (r: Record<string, unknown>, validatePlots: boolean) => {
    const e = parseEvent(r, eventRef(r), { nowMs: 1, worker: '', validatePlots })
    return typeof e === 'string' || e.type !== 'plot' ? e : e.validPlot
  }
  assert.equal(at(raw, false), undefined)
  assert.equal(at(raw, true), false)
  assert.equal(at({ ...raw, plot_str: '{"data": [NaN]}' }, true), true)
  assert.equal(at({ ...raw, skip_validation: true }, true), undefined)
})
