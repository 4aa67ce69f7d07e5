import type { IncomingMessage } from 'node:http'
import { errors } from '../../errors.js'

/** Reads a request body that the framework left unread (GET, HEAD), with the same size limit as parsed ones. */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer | undefined> {
  if (req.readableEnded || req.complete && req.readableLength === 0 && !req.readable) return undefined
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limitBytes) throw errors.requestTooLarge(`the body exceeds ${limitBytes} bytes`)
    chunks.push(chunk as Buffer)
  }
  return chunks.length > 0 ? Buffer.concat(chunks) : undefined
}
