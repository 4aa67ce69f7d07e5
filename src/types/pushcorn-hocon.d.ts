declare module '@pushcorn/hocon-parser' {
  interface ParseOptions { text?: string; url?: string; strict?: boolean }
  const parser: { parse(options: ParseOptions): Promise<unknown> }
  export default parser
}
