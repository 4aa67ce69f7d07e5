import assert from 'node:assert/strict'
import { test } from 'node:test'
import { contentDisposition } from '../http/content-disposition.js'
import { servedAs } from './content-policy.js'

test('only allow-listed media, text and JSON types are inline; everything else, unknown included, is an attachment', () => {
  for (const name of ['a.png', 'a.JPG', 'a.gif', 'a.webp', 'a.mp3', 'a.ogg', 'a.mp4', 'a.webm', 'a.txt', 'a.json', 'a.csv']) {
    assert.match(servedAs(name, false).contentDisposition, /^inline;/, name)
  }
  for (const name of ['a.html', 'a.htm', 'a.xhtml', 'a.svg', 'a.xml', 'a.js', 'a.mjs', 'a.pdf', 'a.swf', 'a', '.png', 'a.png.html', 'a.unknownext']) {
    assert.match(servedAs(name, false).contentDisposition, /^attachment;/, name)
  }
  assert.match(servedAs('a.png', true).contentDisposition, /^attachment;/)
})

test('.gz and unknown types go out as application/octet-stream; known attachments keep their type', () => {
  assert.equal(servedAs('t.csv.gz', false).contentType, 'application/octet-stream')
  assert.equal(servedAs('blob', false).contentType, 'application/octet-stream')
  assert.equal(servedAs('a.zip', false).contentType, 'application/zip')
  assert.equal(servedAs('a.html', false).contentType, 'text/html; charset=utf-8')
})

test('Content-Disposition has an ASCII fallback without quotes, backslashes or %, and an RFC 5987 UTF-8 name', () => {
  assert.equal(contentDisposition('attachment', 'plain.txt'), `attachment; filename="plain.txt"; filename*=UTF-8''plain.txt`)
  assert.equal(contentDisposition('inline', 'a "b"\\c%d\'(e)*.txt'),
    `inline; filename="a _b__c_d'(e)*.txt"; filename*=UTF-8''a%20%22b%22%5Cc%25d%27%28e%29%2A.txt`)
  assert.equal(contentDisposition('attachment', '日本\r\n.txt'),
    `attachment; filename="____.txt"; filename*=UTF-8''%E6%97%A5%E6%9C%AC%0D%0A.txt`)
})
