// multipart/form-data bodies as the SDK uploads them: one file part per target path, named by that path.

export interface Part {
  readonly name: string
  readonly body: string | Buffer
}

export function multipartBody(parts: readonly Part[]): { payload: Buffer; contentType: string } {
  const boundary = '----clarion' + Math.random().toString(16).slice(2)
  const chunks: Buffer[] = []
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.name}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n'))
    chunks.push(Buffer.isBuffer(p.body) ? p.body : Buffer.from(p.body))
    chunks.push(Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` }
}
