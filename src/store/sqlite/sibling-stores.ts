// Two stores on one database file, as two API processes (node:cluster workers) have them: for the tests of what
// one process sees of the other's commits. Removed with the test.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import { createSqliteStore } from './sqlite-store.js'

export type SqliteStore = ReturnType<typeof createSqliteStore>

export async function siblingStores(t: TestContext): Promise<{ a: SqliteStore; b: SqliteStore }> {
  const dir = await mkdtemp(join(tmpdir(), 'clarion-siblings-'))
  const a = createSqliteStore(join(dir, 'clarion.db'))
  const b = createSqliteStore(join(dir, 'clarion.db'))
  t.after(async () => {
    await a.close()
    await b.close()
    await rm(dir, { recursive: true, force: true })
  })
  return { a, b }
}
