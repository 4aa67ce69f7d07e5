import assert from 'node:assert/strict'
import { test } from 'node:test'
import { reportsProjectName, shortenText, touchesContent } from './reports.js'

test('reportsProjectName puts reports in a .reports folder under the project, or at the root', () => {
  assert.equal(reportsProjectName(''), '.reports')
  assert.equal(reportsProjectName('/'), '.reports')
  assert.equal(reportsProjectName('Team/Research/'), 'Team/Research/.reports')
  assert.equal(reportsProjectName('Team/.reports'), 'Team/.reports')
  assert.equal(reportsProjectName('.reports'), '.reports')
})

test('shortenText collapses whitespace and cuts long text at a word with a placeholder, as textwrap.shorten', () => {
  assert.equal(shortenText('  a   b\n c '), 'a b c')
  assert.equal(shortenText(`${'word '.repeat(30)}end`), `${'word '.repeat(18)}word [...]`)
  assert.equal(shortenText('x'.repeat(120)), '[...]')
  assert.equal(shortenText('a'.repeat(100)), 'a'.repeat(100))
})

test('touchesContent: only name, tags and comment may change on a published report', () => {
  assert.equal(touchesContent(['name', 'tags', 'comment']), false)
  assert.equal(touchesContent(['name', 'report']), true)
  assert.equal(touchesContent(['report_assets']), true)
})
