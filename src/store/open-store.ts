// The store a Clarion process serves from: the embedded SQLite file in the data directory, with the settings that
// shape how it keeps events.
import { join } from 'node:path'
import type { Config } from '../config/config.js'
import { ensurePrivateDatabaseFile } from './sqlite/private-file.js'
import { createSqliteStore } from './sqlite/sqlite-store.js'

export const storeFile = (config: Config): string => join(config.dataDir, 'db', 'clarion.db')

/** `file` defaults to the data directory's database; tests pass ':memory:'. */
export function openStore(config: Config, file = storeFile(config)): ReturnType<typeof createSqliteStore> {
  if (file !== ':memory:') ensurePrivateDatabaseFile(file)
  return createSqliteStore(file, { plotCompressionThreshold: config.events.plotCompressionThreshold })
}
