// Pages of composed images into one PDF with pdf-lib: each page is one JPEG (the browser drew and shaped the text,
// so no font is embedded and every script prints as on screen), sized in points; document title and subject set,
// so a reader's window and a library catalogue name it.
import { throwIfAborted } from './capture'

export interface PdfMeta {
  title: string
  subject: string
  /** The synthetic-data notice, kept in the keywords as well as drawn on every page. */
  keywords?: string[]
}

export async function pdfFromImages(pages: readonly Blob[], size: { width: number; height: number }, meta: PdfMeta, signal?: AbortSignal): Promise<Blob> {
  // pdf-lib comes in its own chunk, fetched by the first PDF (a slide PNG needs none of it)
  const { PDFDocument } = await import('pdf-lib')
  const doc = await PDFDocument.create()
  doc.setTitle(meta.title)
  doc.setSubject(meta.subject)
  doc.setCreator('chiphao')
  doc.setProducer('chiphao (pdf-lib)')
  doc.setCreationDate(new Date())
  if (meta.keywords?.length) doc.setKeywords(meta.keywords)
  for (const blob of pages) {
    throwIfAborted(signal)
    const image = await doc.embedJpg(new Uint8Array(await blob.arrayBuffer()))
    const page = doc.addPage([size.width, size.height])
    page.drawImage(image, { x: 0, y: 0, width: size.width, height: size.height })
  }
  const bytes = await doc.save()
  return new Blob([bytes as BlobPart], { type: 'application/pdf' })
}
