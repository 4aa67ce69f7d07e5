import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isLegacyTagsVersion, partitionTags } from './legacy-tags.js'
import { cleanProjectName, projectDepth, renameUnder, validProjectName } from './names.js'
import { ApiError } from '../../errors.js'

test('project names drop blank parts and split into location and basename', () => {
  assert.deepEqual(cleanProjectName(' a //b / c/'), { name: 'a/b/c', location: 'a/b', basename: 'c' })
  assert.deepEqual(cleanProjectName('/'), { name: '', location: '', basename: '' })
  assert.equal(projectDepth('a/b//c'), 3)
  assert.equal(renameUnder('old/x/y', 'old/x', 'new/z'), 'new/z/y')
})

test('validProjectName answers 400/407 for short names and 400/409 past ten levels', () => {
  const code = (fn: () => unknown) => {
    try {
      fn()
    } catch (err) {
      return err instanceof ApiError ? `${err.code}/${err.subcode}` : 'other'
    }
    return 'ok'
  }
  assert.equal(code(() => validProjectName('ab')), '400/407')
  assert.equal(code(() => validProjectName(Array(11).fill('abc').join('/'))), '400/409')
  assert.equal(code(() => validProjectName(Array(10).fill('abc').join('/'))), 'ok')
})

test('old-client tags split by entity and version', () => {
  assert.deepEqual(partitionTags('project', ['test', 'archived', '-public']), { tags: ['test'], systemTags: ['archived', '-public'] })
  assert.deepEqual(partitionTags('task', ['Annotation', 'x']), { tags: ['x'], systemTags: ['Annotation'] })
  assert.equal(isLegacyTagsVersion('2.2'), true)
  assert.equal(isLegacyTagsVersion('2.3'), false)
  assert.equal(isLegacyTagsVersion('999.0'), false)
})
