// The file server's ownership boundary: a company's files are invisible to every other company, under the same
// URL paths the SDK uses for all of them (issue #13, item 9).
import assert from 'node:assert/strict'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { testApp, type TestApp } from '../../src/test/test-app.js'
import { adminFiles, filesClient, type FilesClient } from './files-helpers.js'

// A fixed user of a second company: fixed users may name their company, as in ClearML Enterprise configs.
const OTHER_COMPANY = 'company-b'
const BOB_CONF = `
auth.fixed_users.users += { username: "bob", password: "bob-password", name: "Bob Other", admin: true, company: "${OTHER_COMPANY}" }
`
const PATH = 'Proj/train.0123456789abcdef/artifacts/data/data.json'

async function twoCompanies(t: Parameters<typeof testApp>[0]): Promise<{ app: TestApp; a: FilesClient; b: FilesClient }> {
  const app = await testApp(t, BOB_CONF)
  const bobToken = await app.login('bob', 'bob-password')
  const me = await app.ok('users.get_current_user', {}, { token: bobToken })
  assert.equal(me.user.company.id, OTHER_COMPANY)
  return { app, a: adminFiles(app), b: filesClient(app.app.servers.files, bobToken) }
}

test('the default company keeps the old layout (files at the root); another company\'s land under .companies/<id>', async (t) => {
  const { app, a, b } = await twoCompanies(t)
  assert.equal((await a.upload([{ name: `/${PATH}`, body: 'A' }])).statusCode, 200)
  const res = await b.upload([{ name: `/${PATH}`, body: 'B' }])
  assert.deepEqual([res.statusCode, res.json()], [200, [PATH]])
  assert.equal(await readFile(join(app.dataDir, 'files', PATH), 'utf8'), 'A')
  assert.equal(await readFile(join(app.dataDir, 'files', '.companies', OTHER_COMPANY, PATH), 'utf8'), 'B')
})

test('a user of another company neither reads, overwrites nor deletes a company\'s files (GET/HEAD/DELETE 404)', async (t) => {
  const { a, b } = await twoCompanies(t)
  await a.upload([{ name: `/${PATH}`, body: 'secret of A' }, { name: '/Proj/only-a.txt', body: 'A only' }])
  assert.equal((await b.get('/Proj/only-a.txt')).statusCode, 404)
  assert.equal((await b.head('/Proj/only-a.txt')).statusCode, 404)
  assert.equal((await b.delete('/Proj/only-a.txt')).statusCode, 404)
  assert.equal((await b.delete('/Proj')).statusCode, 404)
  await b.upload([{ name: `/${PATH}`, body: 'overwritten by B' }])
  assert.equal((await b.get(`/${PATH}`)).body, 'overwritten by B')
  assert.equal((await a.get(`/${PATH}`)).body, 'secret of A')
  assert.equal((await a.get('/Proj/only-a.txt')).body, 'A only')
})

test('delete_many of another company\'s folder deletes only the caller\'s own files', async (t) => {
  const { a, b } = await twoCompanies(t)
  await a.upload([{ name: `/${PATH}`, body: 'A' }])
  await b.upload([{ name: '/Proj/b.txt', body: 'B' }])
  const many = await b.deleteMany({ files: ['Proj', 'Proj/train.0123456789abcdef'] })
  assert.equal(many.statusCode, 200)
  assert.deepEqual(many.json(), { deleted: { Proj: 'Proj' }, errors: { 'not found': ['Proj/train.0123456789abcdef'] } })
  assert.equal((await a.get(`/${PATH}`)).body, 'A')
  assert.equal((await b.get('/Proj/b.txt')).statusCode, 404)
})

test('the company folders and the staging area cannot be named by any client path (404)', async (t) => {
  const { app, a, b } = await twoCompanies(t)
  await b.upload([{ name: '/x.txt', body: 'B' }])
  const ownKey = `.companies/${OTHER_COMPANY}/x.txt`
  for (const name of [ownKey, `/${ownKey}`, `p/../${ownKey}`, '.uploading/y', './.companies/y']) {
    assert.equal((await a.upload([{ name, body: 'forged' }])).statusCode, 404, name)
  }
  for (const client of [a, b]) {
    assert.equal((await client.get(`/${ownKey}`)).statusCode, 404)
    assert.equal((await client.get(`/p/..%2F${ownKey.replace(/\//g, '%2F')}`)).statusCode, 404)
    assert.equal((await client.delete('/.companies')).statusCode, 404)
    assert.deepEqual((await client.deleteMany({ files: ['.companies', '.uploading', `/${ownKey}`] })).json().errors,
      { 'invalid path': ['.companies', '.uploading', `/${ownKey}`] })
  }
  assert.equal(await readFile(join(app.dataDir, 'files', ownKey), 'utf8'), 'B')
  await stat(join(app.dataDir, 'files', '.uploading'))
})
