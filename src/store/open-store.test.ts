import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadConfig } from '../config/config.js'
import type { SampleRow } from './event-store.js'
import { openStore } from './open-store.js'

const plot = (iter: number, body: string): SampleRow => ({
  type: 'plot', task: 't1', metric: 'm', variant: 'v', modelEvent: false, iter, key: '', timestamp: 1, written: 1,
  worker: 'w', url: null, body, sourceUrls: [],
})

async function storedKinds(env: Record<string, string>, bodies: string[]): Promise<string[]> {
  const config = await loadConfig({ CLARION_CONFIG_DIR: '/nonexistent', ...env })
  const store = openStore(config, ':memory:')
  try {
    await store.transaction((tx) => tx.events.samples.add(bodies.map((b, i) => plot(i, b)), 1))
    const [series] = await store.read((tx) => tx.events.series.list(['t1']))
    const read = await store.read((tx) => tx.events.samples.page([series.id], { limit: 10, descending: false }))
    assert.deepEqual(read.map((s) => s.body), bodies, 'every plot reads back as reported')
    return store.db.prepare('SELECT typeof(body) AS t FROM event_samples ORDER BY iter').pluck().all() as string[]
  } finally {
    await store.close()
  }
}

test('plot strings from services.events.plot_compression_threshold characters up are stored compressed', async () => {
  const env = { CLEARML__services__events__plot_compression_threshold: '1000' }
  assert.deepEqual(await storedKinds(env, ['a'.repeat(999), 'b'.repeat(1000), 'c'.repeat(5000)]), ['text', 'blob', 'blob'])
})

test('by default plots compress from 100,000 characters; a threshold of 0 never compresses', async () => {
  assert.deepEqual(await storedKinds({}, ['a'.repeat(99_999), 'b'.repeat(100_000)]), ['text', 'blob'])
  const never = { CLEARML__services__events__plot_compression_threshold: '0' }
  assert.deepEqual(await storedKinds(never, ['a'.repeat(200_000)]), ['text'])
})
