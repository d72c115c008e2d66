/**
 * Limits of an area sent to /api/areas/totals or saved as a proposal. Each number says why it is what it is; the
 * README cites the same numbers.
 */
export const AREA_LIMITS = {
  /** Positions over all rings. A hand-drawn area has tens; a few picked communes' outlines a few thousand. More is
   *  a pasted boundary file, which belongs in the boundary loader, and would make every totals request slow. */
  maxVertices: 20_000,
  /** km², geodesic. About a large province (Gia Lai ≈ 21,500 km², Nakhon Ratchasima ≈ 20,500 km²) twice over: an
   *  investment area beyond that is a regional programme, read from the unit statistics instead. */
  maxAreaKm2: 50_000,
  /** Communes picked at once for an area built from their boundaries. */
  maxUnitCodes: 300,
  /** Proposals compared side by side (pairwise overlaps grow with the square). */
  maxCompare: 8,
} as const
