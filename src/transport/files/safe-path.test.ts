import assert from 'node:assert/strict'
import { test } from 'node:test'
import { COMPANIES_DIR, companyFolder, parseClientPath, storageKey } from './safe-path.js'

const segments = (p: string) => {
  const parsed = parseClientPath(p)
  return parsed.ok ? parsed.segments.join('/') : parsed.problem
}

test('client paths normalise as ClearML\'s safe_join: leading slashes, "." and empty segments drop, ".." pops', () => {
  assert.equal(segments('/P/run.1/artifacts/a b/a b.json'), 'P/run.1/artifacts/a b/a b.json')
  assert.equal(segments('//a/./b//c'), 'a/b/c')
  assert.equal(segments('a/x/../b'), 'a/b')
  assert.equal(segments('a\\b'), 'a\\b')
})

test('paths that escape, name the root, hold NUL or name a reserved folder are invalid; long names are too-long', () => {
  for (const p of ['', '/', '.', '..', '../x', 'a/../../x', 'a/\0b', '.uploading', '.uploading/x', '.companies/c/x', 'a/../.companies', '.Companies/x', '.UPLOADING']) {
    assert.equal(segments(p), 'invalid', JSON.stringify(p))
  }
  assert.equal(segments('a/.companies/x'), 'a/.companies/x')
  assert.equal(segments(`a/${'é'.repeat(128)}`), 'too-long')
  assert.equal(segments(`a/${'e'.repeat(255)}`), `a/${'e'.repeat(255)}`)
})

test('the default company keeps root keys; others are scoped under .companies/<id>, odd ids hashed', () => {
  assert.equal(storageKey(['p', 'f.txt'], 'dflt', 'dflt'), 'p/f.txt')
  assert.equal(storageKey(['p', 'f.txt'], 'abc123', 'dflt'), `${COMPANIES_DIR}/abc123/p/f.txt`)
  const odd = companyFolder('../acme corp')
  assert.match(odd, /^~[0-9a-f]{64}$/)
  assert.notEqual(odd, companyFolder('../acme corp2'))
  assert.equal(companyFolder('x'.repeat(65)).startsWith('~'), true)
})
