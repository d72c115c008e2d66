/** Tile options; sql/functions/*.sql cite the same numbers. */
export const TILE_DEFAULTS = {
  extent: 4096, // MVT units per tile side
  buffer: 64, // MVT units drawn beyond each edge, so strokes and fills meet without seams
  minzoom: 0,
  maxzoom: 16, // highest zoom we serve; clients overzoom beyond it
  maxAge: 300, // s a browser may reuse a tile before revalidating with its ETag
} as const

/** The households layer (sql/functions/households_tile.sql cites the same names). */
export const HOUSEHOLD_TILES = {
  // zoom from which a tile holds one point per disclosed household; below it, counts per grid cell. At z12 a tile
  // is ~9.8 km across at the equator: about one commune, where single households become worth looking at.
  pointsMinzoom: 12,
  // grid cells per tile side for the counts: 32 → 16 px cells on a 512 px tile (deck.gl's and MapLibre's tile
  // size), so a dot sized by count never covers its neighbours
  cells: 32,
  // most disclosed household points one tile may carry; a denser tile is served as cells instead, so the browser
  // never receives more points than it draws smoothly (4 tiles in view × 20k)
  maxPoints: 20_000,
} as const
