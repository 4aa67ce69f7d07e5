// Links inside the files root are never followed: not to read, not to write through, not to delete through
// (issue #13, item 17). Links are made here directly on disk, as an operator or another program could.
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, type TestContext } from 'node:test'
import { testApp } from '../../src/test/test-app.js'
import { adminFiles } from './files-helpers.js'

async function withOutside(t: TestContext) {
  const app = await testApp(t)
  const outside = await mkdtemp(join(tmpdir(), 'clarion-outside-'))
  t.after(() => rm(outside, { recursive: true, force: true }))
  await writeFile(join(outside, 'secret.txt'), 'outside secret')
  await mkdir(join(outside, 'dir'))
  await writeFile(join(outside, 'dir', 'inner.txt'), 'outside inner')
  const root = join(app.dataDir, 'files')
  await mkdir(join(root, 'p'), { recursive: true })
  await symlink(join(outside, 'dir'), join(root, 'p', 'dirlink'))
  await symlink(join(outside, 'secret.txt'), join(root, 'p', 'filelink.txt'))
  return { app, files: adminFiles(app), outside, root }
}

test('GET and HEAD through a link to a file or a directory outside the root answer 404', async (t) => {
  const { files } = await withOutside(t)
  for (const url of ['/p/filelink.txt', '/p/dirlink/inner.txt']) {
    assert.equal((await files.get(url)).statusCode, 404, url)
    assert.equal((await files.head(url)).statusCode, 404, url)
  }
})

test('an upload through a link, or onto one, is refused (404) and nothing outside the root changes', async (t) => {
  const { files, outside } = await withOutside(t)
  for (const name of ['p/dirlink/new.txt', 'p/dirlink/inner.txt', 'p/filelink.txt', 'p/dirlink/sub/deeper.txt']) {
    assert.equal((await files.upload([{ name, body: 'planted' }])).statusCode, 404, name)
  }
  assert.deepEqual((await readdir(join(outside, 'dir'))).sort(), ['inner.txt'])
  assert.equal(await readFile(join(outside, 'dir', 'inner.txt'), 'utf8'), 'outside inner')
  assert.equal(await readFile(join(outside, 'secret.txt'), 'utf8'), 'outside secret')
})

test('DELETE through or of a link answers 404 and deletes nothing outside the root', async (t) => {
  const { files, outside } = await withOutside(t)
  assert.equal((await files.delete('/p/dirlink/inner.txt')).statusCode, 404)
  assert.equal((await files.delete('/p/filelink.txt')).statusCode, 404)
  assert.equal((await files.delete('/p/dirlink')).statusCode, 404)
  const many = await files.deleteMany({ files: ['p/dirlink/inner.txt', 'p/dirlink', 'p/filelink.txt'] })
  assert.deepEqual(many.json().deleted, {})
  await stat(join(outside, 'dir', 'inner.txt'))
  await stat(join(outside, 'secret.txt'))
})

test('deleting a folder that holds links removes the links, never their targets', async (t) => {
  const { files, outside, root } = await withOutside(t)
  await files.upload([{ name: 'p/own.txt', body: 'mine' }])
  assert.equal((await files.delete('/p')).statusCode, 200)
  await assert.rejects(stat(join(root, 'p')))
  assert.equal(await readFile(join(outside, 'dir', 'inner.txt'), 'utf8'), 'outside inner')
  assert.equal(await readFile(join(outside, 'secret.txt'), 'utf8'), 'outside secret')
})
