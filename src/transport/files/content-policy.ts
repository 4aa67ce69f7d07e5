// How a stored file goes out: its Content-Type and Content-Disposition, and the headers every file response
// carries. Users upload anything, and the gateway serves files on the origin whose session cookie authenticates
// /api, so a file must never run script there. Only types on an allow-list are shown inline; everything else,
// including every type not known here, is an attachment.
import send from '@fastify/send'
import { contentDisposition } from '../http/content-disposition.js'

/**
 * Sent on every file server response. `sandbox` gives a navigated-to file an opaque origin without scripts;
 * `default-src 'none'` stops it loading anything. Neither affects <img>/<audio>/<video> on a page that embeds the
 * file: a subresource's own CSP does not apply to the page. `style-src 'unsafe-inline'` keeps the browser's own
 * styling of an image or text opened directly.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  // Images and media must still show when a file is opened on its own (the browser wraps it in a page of its own).
  'content-security-policy': "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; sandbox",
}

const TEXT = 'text/plain; charset=utf-8'

/** Types that cannot run script when opened, even on our origin (with nosniff): images, audio, video, text, JSON. */
const INLINE_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp',
  avif: 'image/avif',
  mp3: 'audio/mpeg', wav: 'audio/wav', ogg: 'audio/ogg', oga: 'audio/ogg', flac: 'audio/flac', m4a: 'audio/mp4',
  aac: 'audio/aac', opus: 'audio/opus', weba: 'audio/webm',
  mp4: 'video/mp4', m4v: 'video/mp4', webm: 'video/webm', ogv: 'video/ogg', mov: 'video/quicktime',
  txt: TEXT, log: TEXT, csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8',
}

export interface ServedAs {
  readonly contentType: string
  readonly contentDisposition: string
}

const extensionOf = (fileName: string): string => {
  const dot = fileName.lastIndexOf('.')
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : ''
}

/** The type of a file that goes out as an attachment; it only labels the download. */
function attachmentType(fileName: string): string {
  // ClearML sends .gz as opaque bytes so that HTTP clients do not transparently decompress them.
  if (extensionOf(fileName) === 'gz') return 'application/octet-stream'
  const type = send.mime.getType(fileName)
  if (!type) return 'application/octet-stream'
  return send.isUtf8MimeType(type) ? `${type}; charset=utf-8` : type
}

/** `?download` forces an attachment for any type, as in ClearML. */
export function servedAs(fileName: string, forceDownload: boolean): ServedAs {
  const inline = INLINE_TYPES[extensionOf(fileName)]
  if (inline && !forceDownload) return { contentType: inline, contentDisposition: contentDisposition('inline', fileName) }
  return { contentType: attachmentType(fileName), contentDisposition: contentDisposition('attachment', fileName) }
}
