import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { pino } from 'pino'
import { createApp } from '../../app.js'
import { mintCredentials } from '../../cli/credentials.js'
import { loadConfig } from '../../config/config.js'
import { createSqliteStore } from '../../store/sqlite/sqlite-store.js'
import { loadSigningSecret } from './signing-secret.js'

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`

test('with no users configured the first start creates one admin with a random password in a 0600 file, once', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'clarion-boot-'))
  t.after(() => rm(dataDir, { recursive: true, force: true }))
  const config = await loadConfig({ CLARION_DATA_DIR: dataDir, CLARION_CONFIG_DIR: join(dataDir, 'no-config') })
  const dbFile = join(dataDir, 'db', 'clarion.db')
  const secret = await loadSigningSecret(dataDir)
  assert.equal((await stat(join(dataDir, 'secrets', 'token-secret'))).mode & 0o777, 0o600)
  assert.deepEqual(await loadSigningSecret(dataDir), secret)

  const first = await createApp({ config, store: createSqliteStore(dbFile), log: pino({ level: 'silent' }), signingSecret: secret })
  const admin = first.bootstrap.createdAdmin!
  assert.ok(admin.password.length >= 20)
  assert.equal((await stat(admin.passwordFile)).mode & 0o777, 0o600)
  assert.equal((await readFile(admin.passwordFile, 'utf8')).trim(), admin.password)
  const login = await first.servers.api.inject({ method: 'POST', url: '/auth.login', headers: { authorization: basic(admin.email, admin.password) } })
  assert.equal(login.statusCode, 200)
  const anonymous = await first.servers.api.inject({ method: 'POST', url: '/users.get_current_user' })
  assert.equal(anonymous.statusCode, 401)
  await first.close()

  const second = await createApp({ config, store: createSqliteStore(dbFile), log: pino({ level: 'silent' }), signingSecret: secret })
  assert.equal(second.bootstrap.createdAdmin, undefined)
  await second.close()

  // The CLI mints SDK credentials offline for that admin, and they work against the server.
  const store = createSqliteStore(dbFile)
  const creds = await mintCredentials({ store, config, log: pino({ level: 'silent' }) }, 'admin', 'ci')
  await store.close()
  const third = await createApp({ config, store: createSqliteStore(dbFile), log: pino({ level: 'silent' }), signingSecret: secret })
  t.after(() => third.close())
  const viaKey = await third.servers.api.inject({ method: 'POST', url: '/auth.login', headers: { authorization: basic(creds.access_key, creds.secret_key) } })
  assert.equal(viaKey.statusCode, 200)
})
