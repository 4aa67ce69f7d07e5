import assert from 'node:assert/strict'
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import bcrypt from 'bcryptjs'
import { createHash } from 'node:crypto'
import { loadConfig } from './config.js'
import { createFixedUsers } from '../services/auth/fixed-users.js'

async function configDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'clarion-conf-'))
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true })
    await writeFile(join(dir, name), text)
  }
  return dir
}

test('apiserver.conf lands under apiserver.*, nested files under their path, and CLEARML__ env overrides win', async () => {
  const dir = await configDir({
    'apiserver.conf': 'auth { default_expiration_sec: 100, fixed_users { enabled: true, users: [{username: "a", password: "p"}] } }',
    'services/tasks.conf': 'non_responsive_tasks_watchdog { threshold_sec: 10 }',
  })
  const config = await loadConfig({ CLARION_CONFIG_DIR: dir, CLEARML__apiserver__auth__default_expiration_sec: '200' })
  assert.equal(config.auth.defaultExpirationSec, 200)
  assert.deepEqual(config.auth.fixedUsers.users.map((u) => u.username), ['a'])
  assert.deepEqual(config.tree.services, { tasks: { non_responsive_tasks_watchdog: { threshold_sec: 10 } } })
})

test('environment values: HOCON for lists, numbers and booleans; URLs and secrets kept verbatim', async () => {
  const config = await loadConfig({
    CLARION_CONFIG_DIR: '/nonexistent',
    CLEARML__a__list: '[1, 2]', CLEARML__a__flag: 'true', CLEARML__a__url: 'http://files:8081/x#y', CLEARML__a__empty: '',
    CLEARML__a__secret: 'ab:cd//ef',
  })
  assert.deepEqual(config.tree.a, { list: [1, 2], flag: true, url: 'http://files:8081/x#y', empty: '', secret: 'ab:cd//ef' })
})

test('CLEARML_CONFIG_DIR is honoured; ports and data dir come from CLARION_* variables', async () => {
  const dir = await configDir({ 'apiserver.conf': 'auth.fixed_users.enabled: true' })
  const config = await loadConfig({ CLEARML_CONFIG_DIR: dir, CLARION_API_PORT: '9008', CLARION_DATA_DIR: '/tmp/x' })
  assert.equal(config.auth.fixedUsers.enabled, true)
  assert.equal(config.ports.api, 9008)
  assert.equal(config.ports.gateway, 10000)
  assert.equal(config.dataDir, '/tmp/x')
})

test('a bad config stops the start with a message naming the setting', async () => {
  const broken = await configDir({ 'apiserver.conf': 'auth { fixed_users { enabled: true, users: [{username: "a"}] } }' })
  await assert.rejects(loadConfig({ CLARION_CONFIG_DIR: broken }), /fixed_users.*password/)
  const unparsable = await configDir({ 'apiserver.conf': 'auth { {' })
  await assert.rejects(loadConfig({ CLARION_CONFIG_DIR: unparsable }), /cannot parse/)
  await assert.rejects(loadConfig({ CLARION_API_PORT: 'eighty' }))
})

test('services.events.plot_compression_threshold is read from services/events.conf and must be a whole number ≥ 0', async () => {
  const dir = await configDir({ 'services/events.conf': 'plot_compression_threshold: 5000' })
  assert.equal((await loadConfig({ CLARION_CONFIG_DIR: dir })).events.plotCompressionThreshold, 5000)
  assert.equal((await loadConfig({ CLARION_CONFIG_DIR: '/nonexistent' })).events.plotCompressionThreshold, 100_000)
  for (const bad of ['-1', '1.5', 'lots']) {
    await assert.rejects(loadConfig({ CLARION_CONFIG_DIR: '/nonexistent', CLEARML__services__events__plot_compression_threshold: bad }),
      /services\.events\.plot_compression_threshold/)
  }
})

test('services.events.ignore_iteration.metrics and services.tasks.max_last_metrics: ClearML defaults, checked when set', async () => {
  const defaults = (await loadConfig({ CLARION_CONFIG_DIR: '/nonexistent' })).events
  assert.deepEqual([[...defaults.ignoreIterationMetrics], defaults.maxLastMetrics], [[':monitor:machine', ':monitor:gpu'], 2000])
  const dir = await configDir({ 'services/events.conf': 'ignore_iteration { metrics: ["a", "b"] }', 'services/tasks.conf': 'max_last_metrics: 50' })
  const set = (await loadConfig({ CLARION_CONFIG_DIR: dir })).events
  assert.deepEqual([[...set.ignoreIterationMetrics], set.maxLastMetrics], [['a', 'b'], 50])
  await assert.rejects(loadConfig({ CLARION_CONFIG_DIR: '/nonexistent', CLEARML__services__tasks__max_last_metrics: '0' }), /max_last_metrics/)
  await assert.rejects(loadConfig({ CLARION_CONFIG_DIR: '/nonexistent', CLEARML__services__events__ignore_iteration__metrics: '[1]' }), /ignore_iteration\.metrics/)
})

test('pass_hashed fixed users take bcrypt hashes, raw or base64 as ClearML stores them; admin: true makes admins', async () => {
  const hash = bcrypt.hashSync('s3cret-pass', 4)
  const dir = await configDir({ 'apiserver.conf': `auth { fixed_users { enabled: true, pass_hashed: true, users: [
    { username: "raw", password: "${hash}", name: "Raw", admin: true },
    { username: "b64", password: "${Buffer.from(hash).toString('base64')}", name: "B64" } ] } }` })
  const config = await loadConfig({ CLARION_CONFIG_DIR: dir })
  const fixed = createFixedUsers({ ...config.auth.fixedUsers, defaultCompany: config.defaultCompany })
  for (const username of ['raw', 'b64']) {
    const entry = fixed.find(username)!
    assert.equal(await fixed.verify(entry, 's3cret-pass'), true)
    assert.equal(await fixed.verify(entry, 'wrong'), false)
  }
  assert.deepEqual(fixed.list().map((u) => u.role), ['admin', 'user'])
})

test('a fixed user keeps an explicit id; otherwise the id is md5("company:username")', async () => {
  const dir = await configDir({ 'apiserver.conf': `auth { fixed_users { enabled: true, users: [
    { username: "kept", password: "p", id: "Test1" }, { username: "derived", password: "p" } ] } }` })
  const config = await loadConfig({ CLARION_CONFIG_DIR: dir })
  const fixed = createFixedUsers({ ...config.auth.fixedUsers, defaultCompany: 'c' })
  assert.equal(fixed.find('kept')!.id, 'Test1')
  assert.equal(fixed.find('derived')!.id, createHash('md5').update('c:derived').digest('hex'))
  const bad = await configDir({ 'apiserver.conf': 'auth.fixed_users { enabled: true, users: [{ username: "x", password: "p", id: "a b" }] }' })
  await assert.rejects(loadConfig({ CLARION_CONFIG_DIR: bad }), /fixed_users/)
})
