// Every installed package, dependencies of dependencies included, must run on the Node.js that package.json
// promises: a package that declares a newer Node may use an API that 20 lacks and fail only at run time.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import semver from 'semver'

const root = join(import.meta.dirname, '..')

interface LockEntry { engines?: { node?: string } | string[] }

test('every package in the lockfile accepts the oldest Node.js that package.json allows', async () => {
  const own = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }
  const oldest = semver.minVersion(own.engines.node)
  assert.ok(oldest, `package.json engines.node is not a range: ${own.engines.node}`)
  const lock = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> }
  const refusing = Object.entries(lock.packages).flatMap(([path, entry]) => {
    const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node
    return range && !semver.satisfies(oldest, range) ? [`${path.replace(/^node_modules\//, '')} (node ${range})`] : []
  })
  assert.deepEqual(refusing, [], `these need a newer Node.js than ${oldest.version}`)
})
