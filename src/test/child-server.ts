// Runs `clarion start` as a child process, as an operator would, for the process-level tests.
import type { TestContext } from 'node:test'
import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import type { Readable } from 'node:stream'

/** A loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export interface ChildServer {
  readonly ports: { api: number; files: number; web: number; gateway: number }
  readonly child: ChildProcessByStdio<null, Readable, Readable>
  /** Everything printed up to "clarion is serving" (stdout and stderr). */
  readonly output: string
}

/** Starts the CLI on free ports with `dataDir`/config, waits until it serves, and kills it after the test. */
export async function startChildServer(t: TestContext, dataDir: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const ports = { api: await freePort(), files: await freePort(), web: await freePort(), gateway: await freePort() }
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'cli', 'main.ts'), 'start'], {
    env: {
      ...process.env, CLARION_DATA_DIR: join(dataDir, 'data'), CLARION_CONFIG_DIR: join(dataDir, 'config'), CLARION_HOST: '127.0.0.1',
      CLARION_API_PORT: String(ports.api), CLARION_FILES_PORT: String(ports.files), CLARION_WEB_PORT: String(ports.web),
      CLARION_GATEWAY_PORT: String(ports.gateway), ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  t.after(() => { if (child.exitCode === null) child.kill('SIGKILL') })
  let output = ''
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 30 s:\n${output}`)), 30_000)
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('clarion is serving')) { clearTimeout(timer); resolve() }
    })
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)))
  })
  return { ports, child, output }
}
