// How the fuzz test judges a reply and the process after it: a 5xx or a reply without ClearML's envelope is a
// failure, so is any change to a built-in prototype (restored at once, so the rest of the run stays meaningful);
// the server's log says why.
import { pino, type Logger } from 'pino'

/** Every own property of the built-in prototypes, to notice one added, replaced or deleted by a request. */
const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype, Boolean.prototype]

export type Snapshot = Map<object, Map<PropertyKey, PropertyDescriptor>>

export function snapshot(): Snapshot {
  return new Map(PROTOTYPES.map((p) => [p, new Map(Reflect.ownKeys(p).map((k) => [k, Object.getOwnPropertyDescriptor(p, k)!]))]))
}

/** What changed since `before`, restored on the spot so one pollution does not spoil every later case. */
export function prototypeChanges(before: Snapshot): string[] {
  const changes: string[] = []
  for (const [proto, props] of before) {
    const name = (proto as { constructor?: { name?: string } }).constructor?.name ?? '?'
    for (const k of Reflect.ownKeys(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, k)!
      const old = props.get(k)
      if (!old) {
        changes.push(`${name}.prototype.${String(k)} added`)
        delete (proto as Record<PropertyKey, unknown>)[k]
      } else if (old.value !== d.value || old.get !== d.get || old.set !== d.set) {
        changes.push(`${name}.prototype.${String(k)} replaced`)
        Object.defineProperty(proto, k, old)
      }
    }
    for (const [k, d] of props) {
      if (!Object.prototype.hasOwnProperty.call(proto, k)) {
        changes.push(`${name}.prototype.${String(k)} deleted`)
        Object.defineProperty(proto, k, d)
      }
    }
  }
  return changes
}

export interface Logged { level: number; msg?: string; err?: { type?: string; message?: string; stack?: string } }

/** The server's own words for a failure: the error type and message, and where in src/ it was thrown. */
export function errorSignature(lines: readonly Logged[]): string {
  const e = lines.find((l) => l.err)?.err
  if (!e) return lines.map((l) => l.msg).filter(Boolean).join('; ') || '(nothing logged)'
  const frames = (e.stack ?? '').split('\n').slice(1).map((s) => s.trim())
  const frame = frames.find((s) => s.includes('/src/') && !s.includes('node_modules')) ?? frames[0]
  const where = frame ? (/((?:src|node_modules)\/[^):]+:\d+)/.exec(frame)?.[1] ?? frame.slice(0, 80)) : ''
  return `${e.type ?? 'Error'}: ${(e.message ?? '').replace(/\s+/g, ' ').slice(0, 160)}${where ? ` @ ${where}` : ''}`
}

/** A logger that keeps what the server logs at warn and above, so a 5xx can be reported with its cause. */
export function capturingLogger(): { log: Logger; lines: Logged[] } {
  const lines: Logged[] = []
  const log = pino({ level: 'warn' }, { write: (line: string) => { lines.push(JSON.parse(line) as Logged) } })
  return { log, lines }
}

export interface Reply { statusCode: number; headers: Record<string, unknown>; body: string }

/** What is wrong with a reply, or '' when nothing is: below 500, and an envelope whose result_code is the status.
 *  Raw replies (log downloads, CSV exports) are plain text and only ever 200. */
export function replyProblem(res: Reply): { problem: string; data?: unknown } {
  const status = res.statusCode
  const type = String(res.headers['content-type'] ?? '')
  let envelope: { meta?: { result_code?: unknown }; data?: unknown } | undefined
  if (type.includes('json')) {
    try { envelope = JSON.parse(res.body) as typeof envelope } catch { /* judged below */ }
  }
  const meta = envelope?.meta
  if (status >= 500) return { problem: `status ${status}` }
  if (meta === undefined && status !== 200) {
    return { problem: `status ${status} without an envelope (${type || 'no content type'}): ${res.body.slice(0, 80)}` }
  }
  if (meta !== undefined && meta.result_code !== status) return { problem: `envelope result_code ${String(meta.result_code)} on status ${status}` }
  return { problem: '', data: envelope?.data }
}
