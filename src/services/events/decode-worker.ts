// The entry point of an events decoder thread (decoder-pool.ts): decodes json-lines bodies and answers with the
// result. Decoding never touches the store, so nothing here is shared with the main thread.
import { parentPort } from 'node:worker_threads'
import { decodeJsonLines } from './batch-decode.js'
import { batchColumns, movableBuffers, type DecodeReply, type DecodeRequest } from './decoder-pool.js'

if (!parentPort) throw new Error('decode-worker runs as a worker thread of the events decoder pool')
const port = parentPort
port.on('message', ({ id, bytes, defaults }: DecodeRequest) => {
  let reply: DecodeReply
  try {
    reply = { id, batch: decodeJsonLines(bytes, defaults) }
  } catch (err) {
    reply = { id, error: (err as Error).message }
  }
  port.postMessage(reply, 'batch' in reply ? movableBuffers(batchColumns(reply.batch)) : [])
})
