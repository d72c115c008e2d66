import type { Context } from 'hono'
import { errorBody } from '../errors.ts'
import { formatOf, type ImportFormat } from '../import/read.ts'

export type Upload = { bytes: Uint8Array; fileName: string; format: ImportFormat }

/**
 * The file of an import request: a multipart field `file`, or the raw body typed text/csv or
 * application/geo+json. Its size is already bounded by the route's body limit (server/src/http/body-limits.ts).
 * A form hono cannot parse (no boundary, cut short) is the caller's error: a 400 saying what was expected.
 */
export async function readUpload(c: Context, name: string | undefined): Promise<Upload | ReturnType<typeof errorBody>> {
  const type = c.req.header('content-type') ?? ''
  const bad = (message: string) => errorBody('Bad file', [{ path: 'file', message }])
  if (/^multipart\/form-data/i.test(type)) {
    if (!/;\s*boundary=/i.test(type)) return bad(`expected multipart/form-data with a boundary parameter, found ${JSON.stringify(type)}`)
    let form: Record<string, unknown>
    try {
      form = await c.req.parseBody()
    } catch (err) {
      return bad(`expected a well-formed multipart/form-data body, found one that does not parse (${(err as Error).message})`)
    }
    const file = form.file
    if (!(file instanceof File)) {
      return bad(`expected a file in the form field "file", found ${file === undefined ? 'nothing' : typeof file === 'string' ? 'text' : 'several files'}`)
    }
    const format = formatOf(file.type, file.name)
    if (!format) return bad(`expected a .csv or .geojson file (or type text/csv, application/geo+json), found ${JSON.stringify(file.name)} of type ${JSON.stringify(file.type)}`)
    return { bytes: new Uint8Array(await file.arrayBuffer()), fileName: name ?? file.name, format }
  }
  const format = formatOf(type, undefined)
  if (!format) {
    return bad(`expected Content-Type text/csv, application/geo+json (or application/json), or multipart/form-data with a file field "file", found ${JSON.stringify(type || 'none')}`)
  }
  return { bytes: new Uint8Array(await c.req.arrayBuffer()), fileName: name ?? `upload.${format}`, format }
}
