import type { CountryPack } from './pack.ts'
import { th } from './th/index.ts'
import { vn } from './vn/index.ts'

export type { AdminLevel, CountryPack } from './pack.ts'

/** The installed country packs. The only place that lists countries. */
export const COUNTRY_PACKS: readonly CountryPack[] = [vn, th]

export function findPack(packs: readonly CountryPack[], code: string): CountryPack | undefined {
  return packs.find((p) => p.code === code)
}
