// Content-Disposition for downloads, shared by the file server and the API's raw replies (log and CSV exports).

/** RFC 5987 attr-char: encodeURIComponent leaves `'()*` as they are, which the grammar does not allow. */
const encodeExtValue = (s: string): string =>
  encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/**
 * RFC 6266: a quoted ASCII fallback for old clients, and the exact UTF-8 name in `filename*`. The fallback
 * replaces non-printable and non-ASCII characters, quotes and backslashes, and `%` (some browsers decode it).
 */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_')
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeExtValue(fileName)}`
}
