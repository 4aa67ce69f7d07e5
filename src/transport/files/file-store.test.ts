import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { test, type TestContext } from 'node:test'
import { createLocalFileStore } from './file-store.js'

async function tempStore(t: TestContext) {
  const base = await mkdtemp(join(tmpdir(), 'clarion-store-'))
  t.after(() => rm(base, { recursive: true, force: true }))
  const root = join(base, 'root')
  await mkdir(join(base, 'outside'))
  await writeFile(join(base, 'outside', 'f.txt'), 'outside')
  return { root, outside: join(base, 'outside'), store: await createLocalFileStore(root) }
}

test('commit moves every staged file into place, creating folders, or none when one key is blocked', async (t) => {
  const { root, store } = await tempStore(t)
  const a = await store.stage(Readable.from(['a']))
  const b = await store.stage(Readable.from(['b']))
  await writeFile(join(root, 'file'), 'x')
  assert.deepEqual(await store.commit([{ key: 'd/a.txt', staged: a }, { key: 'file/b.txt', staged: b }]), { invalidAt: 1 })
  await assert.rejects(stat(join(root, 'd', 'a.txt')))
  assert.deepEqual(await store.commit([{ key: 'd/a.txt', staged: a }, { key: 'e/f/b.txt', staged: b }]), {})
  assert.equal(await readFile(join(root, 'e', 'f', 'b.txt'), 'utf8'), 'b')
  assert.deepEqual(await readdir(join(root, '.uploading')), [])
})

test('a key that names a folder cannot receive a file', async (t) => {
  const { root, store } = await tempStore(t)
  await mkdir(join(root, 'dir'))
  const s = await store.stage(Readable.from(['x']))
  assert.deepEqual(await store.commit([{ key: 'dir', staged: s }]), { invalidAt: 0 })
  await store.discard([s])
  assert.deepEqual(await readdir(join(root, '.uploading')), [])
})

test('locate, commit and remove never pass through a link', async (t) => {
  const { root, outside, store } = await tempStore(t)
  await symlink(outside, join(root, 'out'))
  await symlink(join(outside, 'f.txt'), join(root, 'f.txt'))
  assert.equal(await store.locate('out/f.txt'), undefined)
  assert.equal(await store.locate('f.txt'), undefined)
  const s = await store.stage(Readable.from(['planted']))
  assert.deepEqual(await store.commit([{ key: 'out/new.txt', staged: s }]), { invalidAt: 0 })
  assert.deepEqual(await store.commit([{ key: 'f.txt', staged: s }]), { invalidAt: 0 })
  assert.equal(await store.remove('out/f.txt'), 'missing')
  assert.equal(await store.remove('out'), 'missing')
  assert.equal(await readFile(join(outside, 'f.txt'), 'utf8'), 'outside')
})

test('a failing source leaves nothing in staging', async (t) => {
  const { root, store } = await tempStore(t)
  const source = new Readable({ read() { this.destroy(new Error('client went away')) } })
  await assert.rejects(store.stage(source), /client went away/)
  assert.deepEqual(await readdir(join(root, '.uploading')), [])
})
