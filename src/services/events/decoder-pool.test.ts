import assert from 'node:assert/strict'
import { test } from 'node:test'
import { pino } from 'pino'
import { decodeJsonLines } from './batch-decode.js'
import { batchColumns, createDecoderPool, inlineDecoder, movableBuffers } from './decoder-pool.js'

const defaults = { nowMs: 1_700_000_000_000, worker: 'w' }
const line = (o: Record<string, unknown>) => JSON.stringify(o)

function body(task: string, n: number): Buffer {
  const lines = [
    ...Array.from({ length: n }, (_, i) => line({ type: 'training_stats_scalar', task, iter: i, metric: 'loss', variant: `v${i % 3}`, value: i / 7, timestamp: 10 + i })),
    line({ type: 'log', task, msg: 'hello', level: 'INFO', timestamp: 5 }),
    line({ type: 'plot', task, iter: 2, metric: 'p', variant: 'q', plot_str: '{"data":[]}' }),
    line({ type: 'training_debug_image', task: 'other', iter: 1, metric: 'i', variant: 'j', key: 'k', url: 'http://x/y.png' }),
    line({ type: 'nope', task }),
    '{"broken',
  ]
  return Buffer.from(lines.join('\n'))
}

test('a decoder thread decodes a batch exactly as inline decoding does', async (t) => {
  const pool = createDecoderPool({ threads: 1, minBytes: 0, log: pino({ level: 'silent' }) })
  t.after(() => pool.close())
  const bytes = body('t1', 300)
  const inline = decodeJsonLines(bytes, defaults)
  const threaded = await pool.decodeLines(bytes, defaults)
  assert.deepEqual(threaded, inline)
  assert.deepEqual(threaded.entities.map((e) => [e.id, e.events]), [['t1', 302], ['other', 1]])
  assert.equal(threaded.entities[0].scalars?.iter.length, 300)
  assert.equal(threaded.items, 305)
  assert.equal(Object.values(threaded.errors).reduce((a, b) => a + b, 0), 2)
})

test('concurrent batches each get their own answer, across threads', async (t) => {
  const pool = createDecoderPool({ threads: 2, minBytes: 0, log: pino({ level: 'silent' }) })
  t.after(() => pool.close())
  const results = await Promise.all(Array.from({ length: 12 }, (_, i) => pool.decodeLines(body(`task${i}`, 10 + i), defaults)))
  assert.deepEqual(results.map((r) => [r.entities[0].id, r.entities[0].scalars?.iter.length]), Array.from({ length: 12 }, (_, i) => [`task${i}`, 10 + i]))
})

test('a body below the threshold, or a pool of no threads, is decoded inline', async () => {
  const pool = createDecoderPool({ threads: 0, minBytes: 0, log: pino({ level: 'silent' }) })
  assert.equal(pool, inlineDecoder)
  const small = createDecoderPool({ threads: 1, minBytes: 1 << 20, log: pino({ level: 'silent' }) })
  const bytes = body('t', 5)
  assert.deepEqual(await small.decodeLines(bytes, defaults), decodeJsonLines(bytes, defaults))
  await small.close()
})

test('a batch naming one id as task and model, or mixing allow_locked, is refused whole', () => {
  const mixed = Buffer.from([line({ type: 'log', task: 'a', allow_locked: true }), line({ type: 'log', task: 'a' })].join('\n'))
  assert.match(decodeJsonLines(mixed, defaults).inconsistency?.detail ?? '', /allow_locked/)
  const both = Buffer.from([line({ type: 'plot', task: 'a' }), line({ type: 'plot', task: 'a', model_event: true })].join('\n'))
  assert.deepEqual(decodeJsonLines(both, defaults).inconsistency?.data, { tasks: ['a'] })
})

test('a body that owns its memory moves to the thread; one in the shared pool of small buffers is copied', async (t) => {
  const pool = createDecoderPool({ threads: 1, minBytes: 0, log: pino({ level: 'silent' }) })
  t.after(() => pool.close())
  const own = Buffer.concat([body('t', 200)])
  const ownLength = own.byteLength
  const moved = await pool.decodeLines(own, defaults)
  assert.equal(moved.entities[0].scalars?.iter.length, 200)
  assert.equal(own.byteLength, 0, 'the moved body is no longer readable here')
  assert.ok(ownLength > 4096)

  const pooled = Buffer.from('{"type":"log","task":"p","msg":"hi"}')
  assert.notEqual(pooled.byteLength, pooled.buffer.byteLength, 'a small Buffer is a view into Node\'s shared pool')
  const neighbour = Buffer.from('neighbour')
  const copied = await pool.decodeLines(pooled, defaults)
  assert.equal(copied.entities[0].logs[0].msg, 'hi')
  assert.equal(pooled.toString(), '{"type":"log","task":"p","msg":"hi"}')
  assert.equal(neighbour.toString(), 'neighbour')
})

test('only views spanning their whole buffer are movable, each buffer once; a decoded batch moves its columns', () => {
  const whole = new Float64Array(4)
  const part = new Float64Array(new ArrayBuffer(64), 8, 2)
  assert.deepEqual(movableBuffers([whole, part, whole]), [whole.buffer])
  const batch = decodeJsonLines(body('c', 20), defaults)
  const columns = batchColumns(batch)
  assert.equal(columns.length, 4)
  assert.equal(movableBuffers(columns).length, 4)
})
