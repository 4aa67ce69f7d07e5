// A small keep-alive HTTP client for the benchmark, and the event batches it sends (the SDK's exact shapes).
import { Agent, request } from 'node:http'

export interface Api {
  call<T = Record<string, unknown>>(endpoint: string, body: unknown): Promise<T>
  batch(lines: string): Promise<number>
}

export function createApi(port: number, token: string, connections: number): Api {
  const agent = new Agent({ keepAlive: true, maxSockets: connections })
  const send = (endpoint: string, body: string, contentType: string) => new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port, path: `/${endpoint}`, method: 'POST', agent,
      headers: { 'content-type': contentType, authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
  return {
    async call<T>(endpoint: string, body: unknown): Promise<T> {
      const res = await send(endpoint, JSON.stringify(body), 'application/json')
      if (res.status !== 200) throw new Error(`${endpoint}: ${res.status} ${res.text.slice(0, 300)}`)
      return (JSON.parse(res.text) as { data: T }).data
    },
    async batch(lines: string): Promise<number> {
      const res = await send('events.add_batch', lines, 'application/json-lines')
      if (res.status !== 200) throw new Error(`events.add_batch: ${res.status} ${res.text.slice(0, 300)}`)
      return (JSON.parse(res.text) as { data: { added: number } }).data.added
    },
  }
}

export async function login(port: number, username: string, password: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/auth.login`, {
    method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
  })
  const body = (await res.json()) as { data: { token: string } }
  return body.data.token
}

export const SERIES = 10

// Formatting doubles is most of what building a batch costs; the load generator shares the server's two cores, so
// it cycles through precomputed value texts (full-precision doubles, as Python's json.dumps writes them).
const VALUE_TEXTS = Array.from({ length: 4093 }, (_, i) => String(Math.sin(i / 100 + i)))

/** 500 scalar events: `SERIES` variants × 50 iterations from `firstIter`, as Logger.report_scalar sends them. */
export function scalarBatch(task: string, firstIter: number, size: number, ts: number): string {
  const lines: string[] = []
  for (let k = 0; k < size; k++) {
    const iter = firstIter + Math.floor(k / SERIES)
    const value = VALUE_TEXTS[(iter * SERIES + k) % VALUE_TEXTS.length]
    lines.push(`{"timestamp":${ts + k},"type":"training_stats_scalar","task":"${task}","iter":${iter},"metric":"loss","variant":"v${k % SERIES}","value":${value},"allow_locked":false,"model_event":false}`)
  }
  return lines.join('\n')
}

/** `size` console lines with unique, increasing timestamps, as the SDK's log reporter sends them. */
export function logBatch(task: string, firstLine: number, size: number, ts: number): string {
  const lines: string[] = []
  for (let k = 0; k < size; k++) {
    lines.push(`{"timestamp":${ts + k},"type":"log","task":"${task}","level":"info","worker":"bench","msg":"epoch ${firstLine + k}: loss=0.1234 acc=0.98 lr=0.001 [=========>          ] ${firstLine + k}","allow_locked":false,"model_event":false}`)
  }
  return lines.join('\n')
}

export const p50 = (ms: number[]): number => [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)]
