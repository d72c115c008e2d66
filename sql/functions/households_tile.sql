-- Tiles of the `households` layer: the households of one survey year, with optional filters, as points (high zoom)
-- or as counts in a square grid (low zoom). Issue 4, item 4.
--
--   chiphao_households_features(z, x, y, country, year, statuses, dimension, indicator, minority,
--                               points_minzoom, cells, max_points) → rows (layer, props, geom)
--     SRID 3857 in and out. The households whose point lies in the tile itself, half-open [min, max) on both axes,
--     so each household is in exactly one tile (no buffer: a point needs none). Only households with a survey round
--     in `year` are counted; filters: statuses (comma-separated status ids of the country's model), dimension
--     (deprived in that dimension of poverty_models, by dimension_mask), indicator (id in survey_rounds.deprived),
--     minority (households.ethnic_minority). A status, dimension or indicator a country's model lacks matches none
--     of its households. country / filters null = any.
--     Layer `households`: one point per household, only where z >= points_minzoom, the tile holds at most
--       max_points disclosed households (the browser never gets more than it draws smoothly; else the whole tile
--       is cells), and chiphao_household_disclosed() allows it (sql/functions/household_scope.sql: the one
--       privacy rule). Properties: id, country, status, size, minority, dimension_mask, indicator_mask, synthetic.
--     Layer `cells`: every other household, counted in a cells × cells grid over the tile (EPSG:3857 squares of
--       tile width / cells), one point at the cell's centre (never at a household) per cell and country.
--       Properties: country, households, persons, n_<status> (households of each status present; absent = 0),
--       synthetic (true when any counted household is synthetic demo data).
--     points_minzoom, cells and max_points are HOUSEHOLD_TILES in server/src/tiles/defaults.ts; scope_countries and
--     scope_leaves are the caller's scope (server/src/access/household-scope.ts; empty arrays for the public).
--
--     Below z12 (z < points_minzoom, z <= 11) with cells = 32 the counts come from the household grid
--     (chiphao_households_grid_features, table household_grid, sql/functions/household_grid.sql), never the points:
--     the same cells and counts as the points path (chiphao_households_point_features) gives for every filter and
--     scope, read from a few hundred pre-aggregated rows. Both paths place a household in its tile and cell by
--     chiphao_household_cell(), so they cannot disagree at an edge.
--
--   chiphao_households_mvt(…same…) → bytea: the MVT encoded by PostGIS (ST_AsMVT, extent 4096).
--   chiphao_households_tile_rows(…same…) → rows (layer, id, props, geom): the same features for the JS encoder,
--     points moved to tile coordinates (0..4096, y down) and snapped to the integer grid, as GeoJSON text.

-- the signatures before the caller's scope (issue 10), so no call can reach a function without it
drop function if exists chiphao_households_mvt(integer, integer, integer, text, integer, text, text, text, boolean, integer, integer, integer);
drop function if exists chiphao_households_tile_rows(integer, integer, integer, text, integer, text, text, text, boolean, integer, integer, integer);
drop function if exists chiphao_households_features(integer, integer, integer, text, integer, text, text, text, boolean, integer, integer, integer);

-- the signature without p_k (before issue 10, item 3) is dropped, or a call would be ambiguous
drop function if exists chiphao_households_tile_rows(integer, integer, integer, text, integer, text, text, text, boolean, integer, integer, integer, text[], text[]);
drop function if exists chiphao_households_mvt(integer, integer, integer, text, integer, text, text, text, boolean, integer, integer, integer, text[], text[]);
drop function if exists chiphao_households_features(integer, integer, integer, text, integer, text, text, text, boolean, integer, integer, integer, text[], text[]);

-- the points path: every household under the tile, read from households + survey_rounds
create or replace function chiphao_households_point_features(
  z integer, x integer, y integer, p_country text, p_year integer, p_statuses text, p_dimension text,
  p_indicator text, p_minority boolean, p_points_minzoom integer, p_cells integer, p_max_points integer,
  p_scope_countries text[], p_scope_leaves text[], p_k integer)
returns table (layer text, props jsonb, geom geometry)
language sql stable parallel safe
as $$
  with b as (
    select ST_TileEnvelope(z, x, y) as tile
  ),
  k as (
    select b.tile, ST_XMin(b.tile) as x0, ST_YMax(b.tile) as y1, (ST_XMax(b.tile) - ST_XMin(b.tile)) / p_cells as cs,
           -- the coarse grid of undisclosed households: z10 cells (1,223 m), or the tile's own when coarser
           greatest((ST_XMax(b.tile) - ST_XMin(b.tile)) / p_cells, 40075016.685578488 / 1024 / 32) as cg,
           -- the same grids as cell counts per side of the world, for chiphao_household_cell()
           2.0::float8 ^ z as nt, 2.0::float8 ^ z * p_cells as nf, least(2.0::float8 ^ z * p_cells, 32768) as nc
      from b
  ),
  -- the tile widened to whole coarse cells: an undisclosed household is counted in its coarse cell, shown in the
  -- one tile that holds the cell's centre, so no tile edge tells more than the coarse cell does
  w as (
    select k.*, ST_Expand(ST_MakeEnvelope(
             -20037508.342789244 + floor((ST_XMin(k.tile) + 20037508.342789244) / k.cg) * k.cg,
             -20037508.342789244 + floor((ST_YMin(k.tile) + 20037508.342789244) / k.cg) * k.cg,
             -20037508.342789244 + ceil((ST_XMax(k.tile) + 20037508.342789244) / k.cg) * k.cg,
             -20037508.342789244 + ceil((ST_YMax(k.tile) + 20037508.342789244) / k.cg) * k.cg, 3857), 1) as wide
      from k
  ),
  hh as (
    select h.id, h.country, h.size, h.ethnic_minority, h.synthetic, h.geom_3857, s.status, s.dimension_mask,
           s.indicator_mask, chiphao_household_disclosed(h.synthetic, h.country, h.unit_code, p_scope_countries, p_scope_leaves) as disclosed,
           (chiphao_household_cell(ST_X(h.geom_3857), w.nt) = x
            and w.nt - 1 - chiphao_household_cell(ST_Y(h.geom_3857), w.nt) = y) as in_tile
      from w
      join households h on h.geom_3857 && w.wide
      join survey_rounds s on s.household_id = h.id and s.year = p_year
      left join poverty_models pm on pm.country = h.country
     where (p_country is null or h.country = p_country)
       and (p_statuses is null or s.status = any(string_to_array(p_statuses, ',')))
       and (p_dimension is null
            or (s.dimension_mask >> (array_position(pm.dimensions, p_dimension) - 1)) & 1 = 1)
       -- the mask, as the grid reads it (bit i ⇔ indicators[i + 1] ∈ deprived: both written by the model's classify)
       and (p_indicator is null
            or (s.indicator_mask >> (array_position(pm.indicators, p_indicator) - 1)) & 1 = 1)
       and (p_minority is null or h.ethnic_minority = p_minority)
  ),
  mode as (
    select z >= p_points_minzoom and (select count(*) from hh where hh.disclosed and hh.in_tile) <= p_max_points as points
  ),
  pts as (
    select hh.* from hh, mode where mode.points and hh.disclosed and hh.in_tile
  ),
  -- cell (cx, cy): cx counted from the west edge, cy from the north edge, as tile coordinates run
  counted as (
    select hh.country, hh.status, hh.size, hh.synthetic,
           least(greatest(chiphao_household_cell(ST_X(hh.geom_3857), k.nf) - x * p_cells, 0), p_cells - 1) as cx,
           least(greatest((k.nf - 1 - chiphao_household_cell(ST_Y(hh.geom_3857), k.nf))::int - y * p_cells, 0),
                 p_cells - 1) as cy
      from hh, k, mode where hh.disclosed and hh.in_tile and not mode.points
  ),
  by_status as (
    select country, cx, cy, status, count(*)::int as n, sum(size)::int as persons, bool_or(synthetic) as synthetic
      from counted group by country, cx, cy, status
  ),
  cells as (
    select country, cx, cy, sum(n)::int as households, sum(persons)::int as persons, bool_or(synthetic) as synthetic,
           jsonb_object_agg('n_' || status, n) as by_status
      from by_status group by country, cx, cy
  ),
  -- undisclosed (real, out of scope) households: coarse cells (gx, gy) on the global grid, counts under k hidden
  coarse_hh as (
    select hh.country, hh.status, hh.size,
           chiphao_household_cell(ST_X(hh.geom_3857), w.nc)::bigint as gx,
           chiphao_household_cell(ST_Y(hh.geom_3857), w.nc)::bigint as gy
      from hh, w where not hh.disclosed
  ),
  -- two GROUP BY passes like `cells` (a subquery per coarse cell rescanned coarse_hh: 15× a tile at 5 M households)
  coarse_by_status as (
    select country, gx, gy, status, count(*)::int as n, sum(size)::int as persons
      from coarse_hh group by country, gx, gy, status
  ),
  coarse as (
    select country, gx, gy, sum(n)::int as households, sum(persons)::int as persons,
           jsonb_object_agg('n_' || status, n) as by_status
      from coarse_by_status group by country, gx, gy
  ),
  coarse_shown as (
    select c.country, c.gx, c.gy, chiphao_suppress(c.households, c.households, false, p_k) as households,
           c.persons, chiphao_suppress_counts(c.by_status, c.households, false, p_k) as by_status,
           ST_SetSRID(ST_MakePoint(-20037508.342789244 + (c.gx + 0.5) * w.cg,
                                   -20037508.342789244 + (c.gy + 0.5) * w.cg), 3857) as geom
      from coarse c, w
  )
  select 'households', jsonb_build_object(
           'id', pts.id, 'country', pts.country, 'status', pts.status, 'size', pts.size,
           'minority', pts.ethnic_minority, 'dimension_mask', pts.dimension_mask,
           'indicator_mask', pts.indicator_mask, 'synthetic', pts.synthetic), pts.geom_3857
    from pts
  union all
  select 'cells', jsonb_build_object('country', c.country, 'households', c.households, 'persons', c.persons,
                                     'synthetic', c.synthetic) || c.by_status,
         ST_SetSRID(ST_MakePoint(k.x0 + (c.cx + 0.5) * k.cs, k.y1 - (c.cy + 0.5) * k.cs), 3857)
    from cells c, k
  union all
  -- a hidden count is absent and the cell says `suppressed: true` (never a zero); `coarse: true` marks the grid
  select 'cells', jsonb_strip_nulls(jsonb_build_object('country', cs.country, 'households', cs.households,
                                     'persons', case when cs.households is null then null else cs.persons end,
                                     'synthetic', false, 'coarse', true,
                                     'suppressed', case when cs.households is null
                                                          or cs.by_status::text like '%null%' then true end)
                                   || jsonb_strip_nulls(cs.by_status)),
         cs.geom
    from coarse_shown cs, w
   -- the tile that holds the cell's centre (gy counts from the south; tile rows from the north)
   where floor((cs.gx + 0.5) * w.nt / w.nc) = x and w.nt - 1 - floor((cs.gy + 0.5) * w.nt / w.nc) = y
$$;

-- the grid path (z <= 11, 32 cells): the tile's own rows of household_grid, or of household_grid_totals (no masks)
-- up to z9 when neither a dimension nor an indicator is asked, or of household_grid_items up to z8 when exactly one
-- of them is; at z11 the undisclosed households' coarse cells are
-- the z10 rows whose cell centre lies in this tile (a z10 cell is 1/16 of a z11 tile's side). The rows are summed
-- once per (disclosed, country, cell, status); both layers' cells are built from those few hundred sums.
create or replace function chiphao_households_grid_features(
  z integer, x integer, y integer, p_country text, p_year integer, p_statuses text, p_dimension text,
  p_indicator text, p_minority boolean, p_scope_countries text[], p_scope_leaves text[], p_k integer)
returns table (layer text, props jsonb, geom geometry)
-- plpgsql with a generic plan: planned once per connection, not per tile (planning this query costs more than
-- running it on a z11 tile's few thousand rows); the parameters are typed like the index, so it still applies
language plpgsql stable parallel safe
set plan_cache_mode = force_generic_plan
as $$
#variable_conflict use_column
begin
  return query
  with k as (
    select ST_XMin(t) as x0, ST_YMax(t) as y1, (ST_XMax(t) - ST_XMin(t)) / 32 as cs from ST_TileEnvelope(z, x, y) t
  ),
  -- where the coarse cells' centres are drawn: the tile's own cells up to z10, z10 cells at z11
  kc as (
    select ST_XMin(t) as x0, ST_YMax(t) as y1, (ST_XMax(t) - ST_XMin(t)) / 32 as cs
      from ST_TileEnvelope(least(z, 10), x >> greatest(z - 10, 0), y >> greatest(z - 10, 0)) t
  ),
  -- the filters' bits in each country's masks (null where its model lacks the id: matches none of its rows)
  f as materialized (
    select pm.country, 1 << (array_position(pm.dimensions, p_dimension) - 1) as dbit,
           1 << (array_position(pm.indicators, p_indicator) - 1) as ibit,
           -- its household_grid_items are built (a large population: sql/functions/household_grid.sql); looked up
           -- only for a tile that can read them (one of dimension / indicator, z <= 8), never for the others
           case when (p_dimension is null) <> (p_indicator is null) and z <= 8
                then exists (select 1 from household_grid_items i where i.tz = 0::smallint and i.country = pm.country)
                else false end as itemized
      from poverty_models pm
  ),
  src as (
    select r.tz, r.country, r.cx, r.cy, r.status, r.synthetic, r.households, r.persons,
           chiphao_household_disclosed(r.synthetic, r.country, r.unit_code, p_scope_countries, p_scope_leaves) as disclosed
      from household_grid_totals r
     where p_dimension is null and p_indicator is null and z <= 9
       and r.tz = z::smallint and r.year = p_year::smallint and r.tx = x and r.ty = y
       and (p_country is null or r.country = p_country)
       and (p_statuses is null or r.status = any(string_to_array(p_statuses, ',')))
       and (p_minority is null or r.minority = p_minority)
    union all
    -- one dimension or one indicator up to z8: that item's rows (an id a country's model lacks has none), in the
    -- countries whose items are built
    select r.tz, r.country, r.cx, r.cy, r.status, r.synthetic, r.households, r.persons,
           chiphao_household_disclosed(r.synthetic, r.country, r.unit_code, p_scope_countries, p_scope_leaves)
      from household_grid_items r
     where (p_dimension is null) <> (p_indicator is null) and z <= 8
       and r.tz = z::smallint and r.year = p_year::smallint and r.tx = x and r.ty = y
       and r.kind = (case when p_dimension is null then 'i' else 'd' end)::"char"
       and r.item = coalesce(p_dimension, p_indicator)
       and (p_country is null or r.country = p_country)
       and (p_statuses is null or r.status = any(string_to_array(p_statuses, ',')))
       and (p_minority is null or r.minority = p_minority)
    union all
    select r.tz, r.country, r.cx, r.cy, r.status, r.synthetic, r.households, r.persons,
           chiphao_household_disclosed(r.synthetic, r.country, r.unit_code, p_scope_countries, p_scope_leaves)
      from household_grid r
      left join f on f.country = r.country
     where not (p_dimension is null and p_indicator is null and z <= 9)
       -- every country itemized: a one-time filter (no scan of the tile's grid rows); else row by row
       and not ((p_dimension is null) <> (p_indicator is null) and z <= 8 and (select bool_and(itemized) from f))
       and not ((p_dimension is null) <> (p_indicator is null) and z <= 8 and coalesce(f.itemized, false))
       and r.tz = z::smallint and r.year = p_year::smallint and r.tx = x and r.ty = y
       and (p_country is null or r.country = p_country)
       and (p_statuses is null or r.status = any(string_to_array(p_statuses, ',')))
       and (p_dimension is null or (r.dimension_mask & f.dbit) <> 0)
       and (p_indicator is null or (r.indicator_mask & f.ibit) <> 0)
       and (p_minority is null or r.minority = p_minority)
    union all
    -- z11: the z10 rows of the coarse cells centred in this tile (only their undisclosed households are used)
    select r.tz, r.country, r.cx, r.cy, r.status, r.synthetic, r.households, r.persons,
           chiphao_household_disclosed(r.synthetic, r.country, r.unit_code, p_scope_countries, p_scope_leaves)
      from household_grid r
      left join f on f.country = r.country
     where z = 11 and r.tz = 10::smallint and r.year = p_year::smallint and r.tx = x >> 1 and r.ty = y >> 1
       and r.cx >> 4 = x & 1 and r.cy >> 4 = y & 1 and not r.synthetic
       and (p_country is null or r.country = p_country)
       and (p_statuses is null or r.status = any(string_to_array(p_statuses, ',')))
       and (p_dimension is null or (r.dimension_mask & f.dbit) <> 0)
       and (p_indicator is null or (r.indicator_mask & f.ibit) <> 0)
       and (p_minority is null or r.minority = p_minority)
  ),
  -- disclosed households in the tile's own cells; undisclosed ones in coarse cells (the tile's own up to z10)
  by_status as (
    select disclosed, country, cx, cy, status, sum(households)::int as n, sum(persons)::int as persons,
           bool_or(synthetic) as synthetic
      from src
     where (tz = z and (z <= 10 or disclosed)) or (tz < z and not disclosed)
     group by disclosed, country, cx, cy, status
  ),
  cells as (
    select country, cx, cy, sum(n)::int as households, sum(persons)::int as persons, bool_or(synthetic) as synthetic,
           jsonb_object_agg('n_' || status, n) as by_status
      from by_status where disclosed group by country, cx, cy
  ),
  coarse as (
    select country, cx, cy, sum(n)::int as households, sum(persons)::int as persons,
           jsonb_object_agg('n_' || status, n) as by_status
      from by_status where not disclosed group by country, cx, cy
  ),
  coarse_shown as (
    select c.country, chiphao_suppress(c.households, c.households, false, p_k) as households,
           c.persons, chiphao_suppress_counts(c.by_status, c.households, false, p_k) as by_status,
           ST_SetSRID(ST_MakePoint(kc.x0 + (c.cx + 0.5) * kc.cs, kc.y1 - (c.cy + 0.5) * kc.cs), 3857) as geom
      from coarse c, kc
  )
  select 'cells', jsonb_build_object('country', c.country, 'households', c.households, 'persons', c.persons,
                                     'synthetic', c.synthetic) || c.by_status,
         ST_SetSRID(ST_MakePoint(k.x0 + (c.cx + 0.5) * k.cs, k.y1 - (c.cy + 0.5) * k.cs), 3857)
    from cells c, k
  union all
  select 'cells', jsonb_strip_nulls(jsonb_build_object('country', cs.country, 'households', cs.households,
                                     'persons', case when cs.households is null then null else cs.persons end,
                                     'synthetic', false, 'coarse', true,
                                     'suppressed', case when cs.households is null
                                                          or cs.by_status::text like '%null%' then true end)
                                   || jsonb_strip_nulls(cs.by_status)),
         cs.geom
    from coarse_shown cs;
end
$$;

-- which path: the grid wherever it holds the tile's cells, else the points
create or replace function chiphao_households_features(
  z integer, x integer, y integer, p_country text, p_year integer, p_statuses text, p_dimension text,
  p_indicator text, p_minority boolean, p_points_minzoom integer, p_cells integer, p_max_points integer,
  p_scope_countries text[], p_scope_leaves text[], p_k integer)
returns table (layer text, props jsonb, geom geometry)
language plpgsql stable parallel safe
as $$
begin
  if z < p_points_minzoom and z <= 11 and p_cells = 32 then
    return query select * from chiphao_households_grid_features(z, x, y, p_country, p_year, p_statuses, p_dimension,
      p_indicator, p_minority, p_scope_countries, p_scope_leaves, p_k);
  else
    return query select * from chiphao_households_point_features(z, x, y, p_country, p_year, p_statuses, p_dimension,
      p_indicator, p_minority, p_points_minzoom, p_cells, p_max_points, p_scope_countries, p_scope_leaves, p_k);
  end if;
end
$$;

create or replace function chiphao_households_mvt(
  z integer, x integer, y integer, p_country text, p_year integer, p_statuses text, p_dimension text,
  p_indicator text, p_minority boolean, p_points_minzoom integer, p_cells integer, p_max_points integer,
  p_scope_countries text[], p_scope_leaves text[], p_k integer)
returns bytea
language sql stable parallel safe
as $$
  with f as (
    select f.layer, f.props, ST_AsMVTGeom(f.geom, ST_TileEnvelope(z, x, y), 4096, 0, true) as geom
      from chiphao_households_features(z, x, y, p_country, p_year, p_statuses, p_dimension, p_indicator,
                                       p_minority, p_points_minzoom, p_cells, p_max_points,
                                       p_scope_countries, p_scope_leaves, p_k) f
  )
  select coalesce((select ST_AsMVT(q, 'households', 4096, 'geom')
                     from (select props, geom from f where layer = 'households' and geom is not null) q), '')
      || coalesce((select ST_AsMVT(q, 'cells', 4096, 'geom')
                     from (select props, geom from f where layer = 'cells' and geom is not null) q), '')
$$;

create or replace function chiphao_households_tile_rows(
  z integer, x integer, y integer, p_country text, p_year integer, p_statuses text, p_dimension text,
  p_indicator text, p_minority boolean, p_points_minzoom integer, p_cells integer, p_max_points integer,
  p_scope_countries text[], p_scope_leaves text[], p_k integer)
returns table (layer text, id integer, props jsonb, geom text)
language sql stable parallel safe
as $$
  with k as (  -- 3857 metres → tile units: x' = (x - xmin)·s, y' = (ymax - y)·s
    select 4096.0 / (ST_XMax(t) - ST_XMin(t)) as s, ST_XMin(t) as x0, ST_YMax(t) as y1
      from ST_TileEnvelope(z, x, y) t
  )
  select f.layer, null::integer, f.props,
         ST_AsGeoJSON(ST_SnapToGrid(ST_Affine(f.geom, k.s, 0, 0, -k.s, -k.x0 * k.s, k.y1 * k.s), 1), 0)
    from chiphao_households_features(z, x, y, p_country, p_year, p_statuses, p_dimension, p_indicator,
                                     p_minority, p_points_minzoom, p_cells, p_max_points,
                                       p_scope_countries, p_scope_leaves, p_k) f, k
$$;
