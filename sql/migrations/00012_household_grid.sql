-- Pre-aggregated household counts for the low-zoom household tiles (issue 12, item 1). One row per tile zoom tz
-- (0..11), survey year, tile (tx, ty), cell inside the tile (cx, cy: 32 per side, cy from the north edge as tile
-- coordinates run) and every attribute a tile filter or the privacy rule reads; the counts are households and persons.
-- A 32 × 32 grid per tile at tz is the global grid of 2^(tz+5) cells per side, so a row of tz rolls up into tz − 1 by
-- halving the global cell (tx·32 + cx) >> 1. Written only by chiphao_refresh_household_grid(country)
-- (sql/functions/household_grid.sql), called by chiphao_refresh_unit_stats, so grid and unit_stats never disagree.
--
-- unit_code is null for synthetic rows: a synthetic household is disclosed to everyone, so its unit is never read
-- and its rows compress; a real household keeps its lowest-level unit for chiphao_household_disclosed().
create table household_grid (
  tz             smallint not null,   -- tile zoom 0..11
  year           smallint not null,   -- survey year of the rounds counted
  tx             integer not null,    -- tile column at tz
  ty             integer not null,    -- tile row at tz (XYZ: from the north)
  cx             smallint not null,   -- cell column 0..31 from the tile's west edge
  cy             smallint not null,   -- cell row 0..31 from the tile's north edge
  country        text not null,
  unit_code      text,                -- lowest-level unit of real households; null for synthetic rows
  synthetic      boolean not null,
  status         text not null,
  minority       boolean,             -- households.ethnic_minority
  dimension_mask integer not null,    -- survey_rounds.dimension_mask (bit j = poverty_models.dimensions[j + 1])
  indicator_mask integer not null,    -- survey_rounds.indicator_mask (bit i = poverty_models.indicators[i + 1])
  households     integer not null,
  persons        integer not null
);

-- a tile reads its own rows: (tz, year, tx, ty) equal, the parameters cast to these types so the index applies
create index household_grid_tile_idx on household_grid (tz, year, tx, ty);

-- The same counts without the masks, for the zooms where the masks multiply a tile's rows (z0..8: 30 k rows of a
-- z5 tile over Hà Nội at 1 M households become about 1 k): read when a tile asks for neither a dimension nor an
-- indicator, the map's usual request. Rolled up from household_grid by the same refresh.
create table household_grid_totals (
  tz             smallint not null,
  year           smallint not null,
  tx             integer not null,
  ty             integer not null,
  cx             smallint not null,
  cy             smallint not null,
  country        text not null,
  unit_code      text,
  synthetic      boolean not null,
  status         text not null,
  minority       boolean,
  households     integer not null,
  persons        integer not null
);

create index household_grid_totals_tile_idx on household_grid_totals (tz, year, tx, ty);
