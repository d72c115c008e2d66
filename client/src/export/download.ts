// Saving a file from the page, and the name it gets: chiphao-<unit>-<indicator>-<year>.<ext>.

/** Letters, digits and dashes only, so the name is safe on every file system. */
const slug = (s: string) => s.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')

export function exportFileName(parts: { unit: string; indicator: string; year: number | null }, ext: string): string {
  return ['chiphao', parts.unit, parts.indicator, parts.year ?? ''].map((p) => slug(String(p))).filter(Boolean).join('-') + `.${ext}`
}

export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  // the browser has read the URL once the click's navigation started
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
