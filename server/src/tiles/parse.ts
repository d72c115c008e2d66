import { z } from 'zod'
import { expected } from '../params.ts'
import { TILE_DEFAULTS } from './defaults.ts'

export interface TileCoord {
  z: number
  x: number
  y: number
}

const int = (name: string) => z.string().refine((s) => /^\d{1,9}$/.test(s), expected(`${name} as a whole number`))

/** Path params `{z}/{x}/{y}.mvt` → a tile coordinate inside the pyramid, or the issues saying why not. */
export const TileCoordSchema = z
  .object({ z: int('z'), x: int('x'), file: z.string() })
  .superRefine((p, ctx) => {
    if (!/^\d+\.mvt$/.test(p.file)) {
      ctx.addIssue({ code: 'custom', path: ['y'], message: `expected {y}.mvt, found ${JSON.stringify(p.file)}` })
    }
  })
  .transform((p) => ({ z: Number(p.z), x: Number(p.x), y: Number(p.file.replace(/\.mvt$/, '')) }))
  .superRefine((t, ctx) => {
    const { minzoom, maxzoom } = TILE_DEFAULTS
    if (t.z < minzoom || t.z > maxzoom) {
      ctx.addIssue({ code: 'custom', path: ['z'], message: `expected z in ${minzoom}..${maxzoom}, found ${t.z}` })
      return
    }
    const max = 2 ** t.z - 1
    for (const k of ['x', 'y'] as const) {
      if (t[k] > max) ctx.addIssue({ code: 'custom', path: [k], message: `expected ${k} in 0..${max} at z=${t.z}, found ${t[k]}` })
    }
  })
