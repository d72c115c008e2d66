/** Tile options; sql/functions/*.sql cite the same numbers. */
export const TILE_DEFAULTS = {
  extent: 4096, // MVT units per tile side
  buffer: 64, // MVT units drawn beyond each edge, so strokes and fills meet without seams
  minzoom: 0,
  maxzoom: 16, // highest zoom we serve; clients overzoom beyond it
  maxAge: 300, // s a browser may reuse a tile before revalidating with its ETag
} as const
