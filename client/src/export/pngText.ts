// Text inside a PNG: iTXt chunks (UTF-8, so Vietnamese, Thai and Khmer titles survive) after the header, read by
// image viewers and catalogues ("Title", "Description", "Source", "Creation Time", "Disclaimer"). A slide keeps its
// title and its synthetic-data notice even when the picture is cropped.

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/** One iTXt chunk: keyword, no compression, no language tag, UTF-8 text. */
function itxt(keyword: string, text: string): Uint8Array<ArrayBuffer> {
  const enc = new TextEncoder()
  const body = new Uint8Array([...enc.encode('iTXt'), ...enc.encode(keyword), 0, 0, 0, 0, 0, ...enc.encode(text)])
  const chunk = new Uint8Array(body.length + 8)
  const view = new DataView(chunk.buffer)
  view.setUint32(0, body.length - 4)
  chunk.set(body, 4)
  view.setUint32(body.length + 4, crc32(body))
  return chunk
}

/** The PNG with the text chunks inserted after IHDR (8-byte signature + 25-byte IHDR chunk). */
export async function withPngText(png: Blob, fields: Record<string, string | null>): Promise<Blob> {
  const bytes: Uint8Array<ArrayBuffer> = new Uint8Array(await png.arrayBuffer())
  const head = 8 + 25
  const chunks = Object.entries(fields).filter((e): e is [string, string] => Boolean(e[1])).map(([k, v]) => itxt(k, v))
  return new Blob([bytes.subarray(0, head), ...chunks, bytes.subarray(head)], { type: 'image/png' })
}
