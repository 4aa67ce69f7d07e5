// Decoding a large events batch (JSON.parse of every line, validation, grouping, columns) is CPU work that needs no
// store, so it runs on worker threads: meanwhile the main thread serves requests and writes other batches to the
// store. A body below `minBytes` is decoded inline, where the hop to a thread would cost more than it saves.
// What crosses threads is small: the body's bytes one way, typed-array columns and log/sample rows the other.
// Buffers are moved, not copied, where they own their memory: cloning a 100 KB body costs the main thread a fresh
// serialisation buffer per batch, and the page faults of touching it were a tenth of its time under load.
import type { Worker } from 'node:worker_threads'
import type { Logger } from 'pino'
import type { ParseDefaults } from '../../domain/events/parse-event.js'
import { startThread } from '../../threads.js'
import { decodeJsonLines, type DecodedBatch } from './batch-decode.js'

/**
 * The memory of `views` that can move to another thread: a view spanning its whole ArrayBuffer. A view into a
 * shared one (Node's pool of small buffers) is cloned instead, since moving it would empty its neighbours.
 */
export function movableBuffers(views: readonly ArrayBufferView[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>()
  for (const v of views) {
    if (v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength) out.add(v.buffer)
  }
  return [...out]
}

/** The typed-array columns of a decoded batch, which the decoder thread hands over instead of copying. */
export function batchColumns(batch: DecodedBatch): ArrayBufferView[] {
  return batch.entities.flatMap((e) => (e.scalars ? [e.scalars.seriesIndex, e.scalars.iter, e.scalars.ts, e.scalars.value] : []))
}

export interface BatchDecoder {
  decodeLines(bytes: Uint8Array, defaults: ParseDefaults): Promise<DecodedBatch>
  close(): Promise<void>
}

export const inlineDecoder: BatchDecoder = {
  decodeLines: async (bytes, defaults) => decodeJsonLines(bytes, defaults),
  close: async () => {},
}

export interface DecoderPoolOptions {
  /** Worker threads; 0 decodes everything inline. */
  threads: number
  minBytes: number
  log: Logger
}

/** Sent to a decoder thread, and what it answers. */
export interface DecodeRequest { id: number; bytes: Uint8Array; defaults: ParseDefaults }
export type DecodeReply = { id: number; batch: DecodedBatch } | { id: number; error: string }

interface Pending { resolve: (batch: DecodedBatch) => void; reject: (err: Error) => void }
interface Thread { worker: Worker; pending: Map<number, Pending> }

export function createDecoderPool(o: DecoderPoolOptions): BatchDecoder {
  if (o.threads <= 0) return inlineDecoder
  const threads: Thread[] = []
  let nextId = 0

  function spawn(): Thread {
    const thread: Thread = { worker: startThread('./decode-worker', import.meta.url), pending: new Map() }
    const fail = (err: Error) => {
      threads.splice(threads.indexOf(thread), 1)
      for (const p of thread.pending.values()) p.reject(err)
      thread.pending.clear()
    }
    thread.worker.on('message', (reply: DecodeReply) => {
      const p = thread.pending.get(reply.id)
      thread.pending.delete(reply.id)
      if (thread.pending.size === 0) thread.worker.unref()
      if ('batch' in reply) p?.resolve(reply.batch)
      else p?.reject(new Error(`batch decoding failed: ${reply.error}`))
    })
    thread.worker.on('error', (err) => {
      o.log.error({ err }, 'an events decoder thread failed; it is replaced on the next batch')
      fail(err)
    })
    thread.worker.on('exit', (code) => {
      if (threads.includes(thread)) fail(new Error(`an events decoder thread exited with code ${code}`))
    })
    // The pool is closed with the app, but an idle thread must not keep a process alive on its own: a thread is
    // referenced only while it owes answers.
    thread.worker.unref()
    threads.push(thread)
    return thread
  }

  /** The least busy thread, spawning threads up to the limit as load needs them. */
  function pick(): Thread {
    const idle = threads.find((t) => t.pending.size === 0)
    if (idle) return idle
    if (threads.length < o.threads) return spawn()
    return threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a))
  }

  return {
    decodeLines(bytes, defaults) {
      if (bytes.byteLength < o.minBytes) return inlineDecoder.decodeLines(bytes, defaults)
      const thread = pick()
      const id = nextId++
      return new Promise<DecodedBatch>((resolve, reject) => {
        thread.pending.set(id, { resolve, reject })
        thread.worker.ref()
        // The caller's bytes are empty afterwards when they move: add_batch reads them only to decode them here.
        thread.worker.postMessage({ id, bytes, defaults } satisfies DecodeRequest, movableBuffers([bytes]))
      })
    },
    async close() {
      const all = threads.splice(0)
      await Promise.all(all.map((t) => t.worker.terminate()))
    },
  }
}
