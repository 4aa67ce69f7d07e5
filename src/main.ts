// Composition root for `clarion start`: config → store → app → listeners, and a graceful stop on SIGTERM.
// With CLARION_API_WORKERS > 1 the starting process becomes a cluster primary (cluster-primary.ts) and each forked
// worker comes back through here to serve.
import cluster from 'node:cluster'
import { mkdir } from 'node:fs/promises'
import { pino, type Logger } from 'pino'
import { createApp, type App } from './app.js'
import { runClusterPrimary, tellPrimaryReady } from './cluster-primary.js'
import { loadConfig, type Config, type Env } from './config/config.js'
import { loadSigningSecret } from './services/auth/signing-secret.js'
import { openStore } from './store/open-store.js'

async function openApp(config: Config, log: Logger): Promise<App> {
  const store = openStore(config)
  return createApp({ config, store, log, signingSecret: await loadSigningSecret(config.dataDir) })
}

/**
 * The first admin's password goes to a person at a terminal, once. When stdout is a pipe or a file it usually
 * ends up in collected logs, so then only the file (mode 0600) has it and the log says where.
 */
export function announceFirstAdmin(app: App, out: { isTTY?: boolean; write(text: string): unknown }, log: Logger): void {
  const a = app.bootstrap.createdAdmin
  if (!a) return
  if (!out.isTTY) {
    log.warn({ username: a.email, passwordFile: a.passwordFile }, 'created the first admin; the password is in the password file')
    return
  }
  out.write(`\nClarion created the first admin.\n  username: ${a.email}\n  password: ${a.password}\n` +
    `  (also saved in ${a.passwordFile}, readable only by you)\n\n`)
}

export async function start(env: Env): Promise<void> {
  const log = pino({ level: env.CLARION_LOG_LEVEL ?? 'info' })
  const config = await loadConfig(env)
  // Everything Clarion keeps (database, files, secrets) lives below this folder: owner only.
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 })
  if (config.apiWorkers > 1 && cluster.isPrimary) {
    // Migrations, the signing secret, the first admin and the server uid are made here, once, before any worker
    // exists: two processes never race to create them. The app is closed again without listening.
    const prepared = await openApp(config, log)
    announceFirstAdmin(prepared, process.stdout, log)
    await prepared.close()
    runClusterPrimary({ workers: config.apiWorkers, log, ports: config.ports, dataDir: config.dataDir })
    return
  }
  const app = await openApp(config, log)
  announceFirstAdmin(app, process.stdout, log)
  const { ports, host } = config
  const { servers } = app
  // In a cluster worker these listens go through the primary, which shares each port among the workers.
  await servers.api.listen({ port: ports.api, host })
  await servers.files.listen({ port: ports.files, host })
  await servers.web.listen({ port: ports.web, host })
  await servers.gateway.listen({ port: ports.gateway, host })
  if (cluster.isWorker) tellPrimaryReady()
  else log.info({ ports, dataDir: config.dataDir }, 'clarion is serving')

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
