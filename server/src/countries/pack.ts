import type { CountrySynthesis } from '../synthetic/plan.ts'
import type { PovertyModel } from '../poverty/model.ts'
import type { DemoProjectParams } from '../projects/demo.ts'
import type { Labels } from '../contract/labels.ts'

/**
 * A country pack: everything the core needs to know about one country. The core reads packs only through the
 * registry in ./index.ts, so adding a country is a new pack plus its geodata files.
 */
export interface AdminLevel {
  level: number // 1 = top
  key: string // stable API id, e.g. 'province'
  name_en: string // plural, as shown in the UI ("Communes")
  name_native: string
}

/**
 * An earlier boundary vintage kept beside the current one, for series published for the units of that time. Its
 * units are unions of the current lowest-level units (the members file lists which, geodata/vintage.ts), so their
 * figures are their members' sums; it is offered as a level of its own (`key`) and its units' names say `labels`.
 */
export interface FormerVintage {
  vintage: string // e.g. '2025-06-30'
  level: number // the level its units stand at (1 = provinces)
  key: string // API id of that choice, e.g. 'province_2024'
  name_en: string // plural, as the level picker shows it ("Provinces before 2025")
  name_native: string
  /** What is said after a unit's name, in the UI languages ("before 2025"). */
  labels: Labels
  /** Processed boundary file of its units, and the members file (current lowest-level unit → its unit). */
  file: string
  members: string
}

export interface CountryPack {
  code: string // ISO 3166-1 alpha-2
  name_en: string
  name_native: string
  /** BCP 47 language of the native names (for `lang` attributes: font choice, screen readers). */
  lang: string
  /** ISO 3166-1 numeric code, as Natural Earth's basemap names the country (iso_n3): the map brings it forward. */
  iso_n3: string
  /** ISO 4217 code of the country's money figures (budgets, incomes): the default of a new proposal's budget. */
  currency: string
  /**
   * The credit its boundary files ask for, in the UI languages (`{{source}}` stands for the source, linked), shown
   * in the map's attribution and on exports.
   */
  attribution: { labels: Labels; source: { name: string; href: string } }
  /** Boundary vintage of the geodata files below; shown by default. */
  vintage: string
  levels: AdminLevel[]
  /** Processed boundary files in geodata/processed, one per level. */
  geodata: { level: number; file: string }[]
  /** Earlier boundary vintages shown on request (none for most packs). */
  formerVintages?: FormerVintage[]
  /** How survey answers become a poverty status; a pack without one shows boundaries only. */
  poverty?: PovertyModel
  /** How to generate a calibrated synthetic demo population; a pack without one gets none. */
  synthesis?: CountrySynthesis
  /** Currency and illustrative budget ranges of synthetic demo infrastructure projects; none without it. */
  projects?: DemoProjectParams
}
