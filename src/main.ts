// Composition root for `clarion start`: config → store → app → listeners, and a graceful stop on SIGTERM.
import { join } from 'node:path'
import { pino } from 'pino'
import { createApp } from './app.js'
import { loadConfig, type Env } from './config/config.js'
import { loadSigningSecret } from './services/auth/signing-secret.js'
import { createSqliteStore } from './store/sqlite/sqlite-store.js'

export async function start(env: Env): Promise<void> {
  const log = pino({ level: env.CLARION_LOG_LEVEL ?? 'info' })
  const config = await loadConfig(env)
  const store = createSqliteStore(join(config.dataDir, 'db', 'clarion.db'))
  const app = await createApp({ config, store, log, signingSecret: await loadSigningSecret(config.dataDir) })
  if (app.bootstrap.createdAdmin) {
    const a = app.bootstrap.createdAdmin
    // Printed once, on the start that created it; the file keeps it for the operator (mode 0600).
    process.stdout.write(`\nClarion created the first admin.\n  username: ${a.email}\n  password: ${a.password}\n` +
      `  (also saved in ${a.passwordFile}, readable only by you)\n\n`)
  }
  const { ports, host } = config
  const { servers } = app
  await servers.api.listen({ port: ports.api, host })
  await servers.files.listen({ port: ports.files, host })
  await servers.web.listen({ port: ports.web, host })
  await servers.gateway.listen({ port: ports.gateway, host })
  log.info({ ports, dataDir: config.dataDir }, 'clarion is serving')

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'stopping')
    app.close().then(() => process.exit(0), (err: unknown) => {
      log.error({ err }, 'unclean stop')
      process.exit(1)
    })
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}
