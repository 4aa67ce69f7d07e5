import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'

test('debug.ping answers 200 without credentials, directly and through the gateway', async (t) => {
  const app = await testApp(t)
  for (const via of ['api', 'gateway'] as const) {
    const res = await app.call('debug.ping', {}, { token: null, via })
    assert.equal(res.status, 200)
    assert.equal(res.meta.result_code, 200)
    assert.equal(res.data.msg, 'ClearML server')
  }
})

test('the envelope has every meta field, data {} and result_code equal to the HTTP status', async (t) => {
  const app = await testApp(t)
  const res = await app.call('server.info', {}, { headers: { 'x-clearml-trx': 'trx-1' } })
  assert.equal(res.status, 200)
  assert.match(res.meta.id, /^[0-9a-f]{32}$/)
  assert.equal(res.meta.trx, 'trx-1')
  assert.deepEqual(res.meta.endpoint, { name: 'server.info', requested_version: '2.31', actual_version: '1.0' })
  assert.deepEqual([res.meta.result_subcode, res.meta.result_msg, res.meta.error_stack], [0, 'OK', ''])
  assert.deepEqual(res.meta.error_data, {})
  assert.equal(res.data.api_version, '2.31')
})

test('GET with a JSON body is read like POST (the SDK sends GET)', async (t) => {
  const app = await testApp(t)
  const res = await app.call('debug.ping', { hello: 'world' }, { method: 'GET' })
  assert.equal(res.status, 200)
  assert.equal(res.data.hello, 'world')
})

test('query arguments merge into the body with ClearML coercions', async (t) => {
  const app = await testApp(t)
  const res = await app.call('debug.ping?a.b=1&flag=TRUE&k[]=x&k[]=y&neg=-1', { keep: 1 })
  assert.deepEqual(res.data, { msg: 'ClearML server', keep: 1, a: { b: 1 }, flag: true, k: ['x', 'y'], neg: '-1' })
})

test('versions in the path: 2.x and 999.0 accepted and echoed; v2 (one digit) is a malformed path 400', async (t) => {
  const app = await testApp(t)
  for (const version of ['2.1', '2.31', '999.0']) {
    const res = await app.call('debug.ping', {}, { version })
    assert.equal(res.status, 200)
    assert.equal(res.meta.endpoint.requested_version, version)
  }
  const bad = await app.call('debug.ping', {}, { version: '2' })
  assert.deepEqual([bad.status, bad.meta.result_subcode], [400, 0])
})

test('a version below every handler and an unknown endpoint both answer 404/0', async (t) => {
  const app = await testApp(t)
  const low = await app.call('auth.edit_credentials', { access_key: 'x' }, { version: '2.1' })
  assert.deepEqual([low.status, low.meta.result_subcode], [404, 0])
  const unknown = await app.call('nosuch.endpoint')
  assert.deepEqual([unknown.status, unknown.meta.result_code], [404, 404])
})

test('malformed JSON is 400/0, a non-object body 400/12, and neither is a 500', async (t) => {
  const app = await testApp(t)
  const bad = await app.call('users.get_preferences', undefined, { rawBody: '{"a":' })
  assert.deepEqual([bad.status, bad.meta.result_subcode], [400, 0])
  const list = await app.call('users.get_preferences', undefined, { rawBody: '[1,2]' })
  assert.deepEqual([list.status, list.meta.result_subcode], [400, 12])
})

test('wrong field types and missing required fields are 400/12 naming the field', async (t) => {
  const app = await testApp(t)
  const res = await app.call('auth.edit_credentials', { label: 'x' })
  assert.deepEqual([res.status, res.meta.result_code, res.meta.result_subcode], [400, 400, 12])
  assert.match(res.meta.result_msg, /access_key/)
  const typed = await app.call('auth.login', { expiration_sec: 'soon' })
  assert.deepEqual([typed.status, typed.meta.result_subcode], [400, 12])
})

test('unknown request fields are ignored', async (t) => {
  const app = await testApp(t)
  const res = await app.call('users.get_current_user', { no_such_field: 1 })
  assert.equal(res.status, 200)
})

test('a Content-Encoding on the request is refused with 415', async (t) => {
  const app = await testApp(t)
  const res = await app.app.servers.api.inject({ method: 'POST', url: '/debug.ping', headers: { 'content-encoding': 'gzip' }, payload: '{}' })
  assert.equal(res.statusCode, 415)
})

test('a body over the size limit is 413 and never reaches a handler', async (t) => {
  const app = await testApp(t, '', { CLEARML__apiserver__max_request_size_mb: '0.001' })
  const big = JSON.stringify({ preferences: { blob: 'x'.repeat(4000) } })
  const res = await app.call('users.set_preferences', undefined, { rawBody: big })
  assert.equal(res.status, 413)
  assert.deepEqual(await app.ok('users.get_preferences'), { preferences: {} })
  const viaGet = await app.call('users.set_preferences', undefined, { rawBody: big, method: 'GET' })
  assert.equal(viaGet.status, 413)
  // Both carry the whole envelope, as every other error does.
  for (const r of [res, viaGet]) {
    assert.deepEqual([r.meta.result_code, r.meta.result_subcode], [413, 0])
    assert.match(r.meta.id, /^[0-9a-f]{32}$/)
  }
})
