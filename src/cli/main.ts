#!/usr/bin/env node
// clarion start | clarion credentials create --user NAME [--label TEXT]
import { parseArgs } from 'node:util'
import { pino } from 'pino'
import { loadConfig } from '../config/config.js'
import { start } from '../main.js'
import { openStore } from '../store/open-store.js'
import { mintCredentials } from './credentials.js'

const USAGE = `usage:
  clarion start                                        serve API (8008), files (8081), web (8080), gateway (10000)
  clarion credentials create --user NAME [--label L]   mint API credentials for a user (by username, email or id)
`

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv
  if (command === 'start') {
    await start(process.env)
    return -1
  }
  if (command === 'credentials' && sub === 'create') {
    const { values } = parseArgs({ args: rest, options: { user: { type: 'string' }, label: { type: 'string' } } })
    if (!values.user) {
      process.stderr.write(USAGE)
      return 2
    }
    const config = await loadConfig(process.env)
    const store = openStore(config)
    try {
      const c = await mintCredentials({ store, config, log: pino({ level: 'warn' }) }, values.user, values.label ?? 'cli')
      process.stdout.write(`access_key: ${c.access_key}\nsecret_key: ${c.secret_key}\n`)
      return 0
    } finally {
      await store.close()
    }
  }
  process.stderr.write(USAGE)
  return command === undefined || command === 'help' || command === '--help' ? 0 : 2
}

main(process.argv.slice(2)).then((code) => {
  if (code >= 0) process.exitCode = code
}, (err: unknown) => {
  process.stderr.write(`clarion: ${(err as Error).message}\n`)
  process.exitCode = 1
})
