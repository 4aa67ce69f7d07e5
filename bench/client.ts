// The benchmark's HTTP clients: a small keep-alive client for API calls, lean connections for events batches, and
// the batches they send (the SDK's exact bytes).
import { once } from 'node:events'
import { Agent, request } from 'node:http'
import { connect, type Socket } from 'node:net'

export interface Api {
  call<T = Record<string, unknown>>(endpoint: string, body: unknown): Promise<T>
}

export function createApi(port: number, token: string, connections: number): Api {
  const agent = new Agent({ keepAlive: true, maxSockets: connections })
  // The server closes a keep-alive connection idle for 72 s (Fastify's default), which the slow steps between two
  // calls can outlast; a request that meets such a connection closing is sent once more on a new one, as Node advises.
  const send = (endpoint: string, body: string, contentType: string, retry = true) => new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port, path: `/${endpoint}`, method: 'POST', agent,
      headers: { 'content-type': contentType, authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (retry && req.reusedSocket && err.code === 'ECONNRESET') send(endpoint, body, contentType, false).then(resolve, reject)
      else reject(err)
    })
    req.end(body)
  })
  return {
    async call<T>(endpoint: string, body: unknown): Promise<T> {
      const res = await send(endpoint, JSON.stringify(body), 'application/json')
      if (res.status !== 200) throw new Error(`${endpoint}: ${res.status} ${res.text.slice(0, 300)}`)
      return (JSON.parse(res.text) as { data: T }).data
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

// The load generator shares the server's two cores, so what it spends is taken from the server: it writes batches
// into reused buffers and sends them on plain keep-alive sockets. Node's HTTP client cost ~5x as much CPU per
// 100 KB request as a socket write (141–261 µs against 30–39), and formatting 500 lines ~6x as much as patching
// their numbers (150 µs against 24).
// Python's json.dumps writes full-precision doubles; the batch cycles through precomputed texts of them.
const VALUE_TEXTS = Array.from({ length: 4093 }, (_, i) => String(Math.sin(i / 100 + i)))
const TIMESTAMP_DIGITS = 13
const digitCount = (n: number): number => (n === 0 ? 1 : Math.floor(Math.log10(n)) + 1)

function writeDigits(buf: Buffer, at: number, n: number, width: number): void {
  for (let i = at + width - 1; i >= at; i--) {
    const q = Math.floor(n / 10)
    buf[i] = 48 + n - q * 10
    n = q
  }
}

/**
 * `size` scalar events: `SERIES` variants of one metric, `size / SERIES` iterations from `firstIter`, byte for
 * byte as Logger.report_scalar sends them (json.dumps, ", " and ": " separators). The lines are laid out once per
 * iteration width; each batch then only rewrites the digits of its iterations and timestamps in place, so a
 * batch's buffer is valid until the next one is made.
 */
export class ScalarBatchWriter {
  private buf = Buffer.alloc(0)
  private iterAt: number[] = []
  private tsAt: number[] = []
  private width = 0

  constructor(private readonly task: string, private readonly size: number) {}

  batch(firstIter: number, ts: number): Buffer {
    const lastIter = firstIter + Math.floor((this.size - 1) / SERIES)
    if (digitCount(ts) !== TIMESTAMP_DIGITS) throw new Error(`timestamps are written as ${TIMESTAMP_DIGITS} digits`)
    const width = digitCount(firstIter)
    // A batch whose iterations change width (999 → 1000) is laid out on its own.
    if (width !== digitCount(lastIter)) return Buffer.from(scalarLines(this.task, firstIter, this.size, ts).join('\n'))
    if (width !== this.width) this.layout(width)
    for (let k = 0; k < this.size; k++) {
      writeDigits(this.buf, this.iterAt[k], firstIter + Math.floor(k / SERIES), width)
      writeDigits(this.buf, this.tsAt[k], ts + k, TIMESTAMP_DIGITS)
    }
    return this.buf
  }

  private layout(width: number): void {
    const lines = scalarLines(this.task, 10 ** (width - 1), this.size, 10 ** (TIMESTAMP_DIGITS - 1))
    this.iterAt = []
    this.tsAt = []
    let at = 0
    for (const line of lines) {
      this.tsAt.push(at + line.indexOf('"timestamp": ') + '"timestamp": '.length)
      this.iterAt.push(at + line.indexOf('"iter": ') + '"iter": '.length)
      at += Buffer.byteLength(line) + 1
    }
    this.buf = Buffer.from(lines.join('\n'))
    this.width = width
  }
}

function scalarLines(task: string, firstIter: number, size: number, ts: number): string[] {
  return Array.from({ length: size }, (_, k) => {
    const iter = firstIter + Math.floor(k / SERIES)
    return `{"timestamp": ${ts + k}, "type": "training_stats_scalar", "task": "${task}", "iter": ${iter}, "metric": "loss", `
      + `"variant": "v${k % SERIES}", "value": ${VALUE_TEXTS[k % VALUE_TEXTS.length]}, "allow_locked": false, "model_event": false}`
  })
}

const HEADER_END = Buffer.from('\r\n\r\n')

/** One keep-alive connection that posts json-lines batches, one at a time, and reads back how many were added. */
export class BatchConnection {
  private received: Buffer = Buffer.alloc(0)
  private waiting: { resolve: (added: number) => void; reject: (err: Error) => void } | undefined
  private socket!: Socket
  private closed = true

  private constructor(private readonly port: number, private readonly head: string) {}

  static async open(port: number, token: string): Promise<BatchConnection> {
    const head = `POST /events.add_batch HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json-lines\r\n`
      + `authorization: Bearer ${token}\r\n`
    const connection = new BatchConnection(port, head)
    await connection.connect()
    return connection
  }

  /** The server closes a connection idle for 72 s; the next batch after such a pause goes on a new one. */
  async send(body: Buffer): Promise<number> {
    if (this.waiting) throw new Error('one batch at a time per connection')
    if (this.closed) await this.connect()
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject }
      this.socket.cork()
      this.socket.write(`${this.head}content-length: ${body.length}\r\n\r\n`, 'latin1')
      this.socket.write(body)
      this.socket.uncork()
    })
  }

  private async connect(): Promise<void> {
    const socket = connect(this.port, '127.0.0.1')
    await once(socket, 'connect')
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.receive(chunk))
    socket.on('error', (err) => this.fail(err))
    socket.on('close', () => {
      this.closed = true
      this.fail(new Error('the server closed the connection'))
    })
    this.socket = socket
    this.received = Buffer.alloc(0)
    this.closed = false
  }

  close(): void {
    this.socket.destroy()
  }

  private receive(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk])
    const headerEnd = this.received.indexOf(HEADER_END)
    if (headerEnd < 0) return
    const head = this.received.toString('latin1', 0, headerEnd)
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1])
    if (!Number.isInteger(length)) return this.fail(new Error(`a response without content-length: ${head}`))
    const bodyEnd = headerEnd + HEADER_END.length + length
    if (this.received.length < bodyEnd) return
    const text = this.received.toString('utf8', headerEnd + HEADER_END.length, bodyEnd)
    this.received = this.received.subarray(bodyEnd)
    const waiting = this.waiting
    this.waiting = undefined
    const status = Number(head.slice('HTTP/1.1 '.length, 'HTTP/1.1 '.length + 3))
    if (status !== 200) waiting?.reject(new Error(`events.add_batch: ${status} ${text.slice(0, 300)}`))
    else waiting?.resolve((JSON.parse(text) as { data: { added: number } }).data.added)
  }

  private fail(err: Error): void {
    const waiting = this.waiting
    this.waiting = undefined
    waiting?.reject(err)
  }
}

/** `size` console lines with unique, increasing timestamps, as the SDK's log reporter sends them. */
export function logBatch(task: string, firstLine: number, size: number, ts: number): Buffer {
  const lines: string[] = []
  for (let k = 0; k < size; k++) {
    lines.push(`{"timestamp": ${ts + k}, "type": "log", "task": "${task}", "level": "info", "worker": "bench", "msg": "epoch ${firstLine + k}: `
      + `loss=0.1234 acc=0.98 lr=0.001 [=========>          ] ${firstLine + k}", "allow_locked": false, "model_event": false}`)
  }
  return Buffer.from(lines.join('\n'))
}

export const p50 = (ms: number[]): number => [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)]
