/**
 * A seeded pseudo-random generator (sfc32, 128-bit state): the synthetic population must be identical for one seed
 * on every run, so nothing here reads Math.random or the clock. `stream(seed, key)` gives an independent generator
 * per key (a unit code, a household id), so adding a unit never shifts the numbers drawn for another.
 */
export interface Rng {
  /** uniform in [0, 1) */
  next(): number
  /** integer in [lo, hi] */
  int(lo: number, hi: number): number
  /** standard normal (Box–Muller) */
  normal(): number
  /** Poisson with mean lambda (Knuth; the means used here are small) */
  poisson(lambda: number): number
  /** true with probability p */
  chance(p: number): boolean
}

/** 32-bit FNV-1a of a string, then mixed: a seed per key. */
export function hash32(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

export function createRng(seed: number): Rng {
  let a = hash32(`a${seed}`)
  let b = hash32(`b${seed}`)
  let c = hash32(`c${seed}`)
  let d = 1
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  for (let i = 0; i < 12; i++) next() // warm up: the first outputs of a fresh state are correlated
  let spare: number | null = null
  const rng: Rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    normal() {
      if (spare !== null) {
        const s = spare
        spare = null
        return s
      }
      const u = 1 - next()
      const v = next()
      const r = Math.sqrt(-2 * Math.log(u))
      spare = r * Math.sin(2 * Math.PI * v)
      return r * Math.cos(2 * Math.PI * v)
    },
    poisson(lambda) {
      const limit = Math.exp(-lambda)
      let k = 0
      let p = next()
      while (p > limit) {
        k++
        p *= next()
      }
      return k
    },
    chance: (p) => next() < p,
  }
  return rng
}

/** An independent generator for one key under one seed. */
export function stream(seed: number, key: string): Rng {
  return createRng(hash32(`${seed}:${key}`))
}
