// Image URLs a Plotly figure embeds (matplotlib figures reported as images): ClearML records them so deleting a
// task can return them for cleanup. Same pattern as its img_source_regex.
const SOURCE = /['"]source['"]:\s?['"]([a-z][a-z0-9+\-.]*:\/\/.*?)['"]/gi

export function plotSourceUrls(plotStr: string): string[] {
  if (!plotStr.includes('source')) return []
  const urls = new Set<string>()
  for (const m of plotStr.matchAll(SOURCE)) urls.add(m[1])
  return [...urls]
}
