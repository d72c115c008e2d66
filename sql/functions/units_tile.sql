-- Tiles of the `units` layer: admin units of one level, optionally of one country and one parent.
--
--   chiphao_units_features(z, x, y, country, level, parent, year, indicator) → rows
--     The units whose geometry touches the tile plus a 64/4096 margin. SRID 3857 in and out. The geometry is the
--     generalised copy for the zoom (≤ 5: geom_z5, 6–8: geom_z8, ≥ 9: full), not yet clipped. One UNION ALL branch
--     per copy, each with a zoom guard, so the planner uses that copy's GiST index and skips the others. The index is
--     on (level, geometry) (sql/migrations/00013_cold.sql): p_level is cast to the column's smallint, or the index
--     cannot take it, and only the units of the level under the tile are read (a z4 province tile read ~11,600 units
--     of every level to keep 33); a given country then filters those few.
--     `label` is the unit's label anchor, returned only when it lies inside the tile itself, so each label is in
--     exactly one tile, and only for a unit of at least 4 × 4 px at the zoom (the others' labels would only collide:
--     at z3–5 they were most of a tambon or commune tile's bytes). At z ≤ 5 a unit under one pixel keeps on its
--     polygon only what paints it and what a click needs (code, level, country, child_count, the value columns,
--     especially_difficult): its names, parent, types, area, leaves and basis are left out (null), 7,425 tambons'
--     names were over half of a z3 tile; the client's unit list (GET /api/units) has them for the tooltip.
--
--   chiphao_units_mvt(z, x, y, country, level, parent) → bytea
--     The MVT, encoded by PostGIS (needs PostGIS built with protobuf). Layers `units` (polygons) and `labels`.
--     A label carries only what the map draws it with: `code` (the drilled unit's own label is filtered out by it),
--     `name` and `name_en` (the label image) and `area_km2` (larger units win collisions); the unit's other
--     properties are on its polygon in `units`, once.
--
--   chiphao_units_tile_rows(z, x, y, country, level, parent) → rows (layer, id, props, geom)
--     The same features for the JS encoder (PostGIS without protobuf): geometry already clipped, moved to tile
--     coordinates (0..4096, y down), snapped to the integer grid and returned as GeoJSON text.
--
-- vintage: null = each country's current units; a former vintage (sql/migrations/00015_former_vintages.sql) = its
-- units instead. The children of a former vintage's unit (parent) are the current units counted in it.
--
-- year + indicator (see chiphao_indicator in indicators.sql) add the unit's `value`, `households` and `synthetic`
-- (true when synthetic demo households were counted) from unit_stats as the caller may read them
-- (chiphao_unit_value: scope_countries, scope_leaves and the privacy k), `suppressed` true where the value was hidden
-- for privacy; null = no data, and null properties are left out of the tile. `especially_difficult` (null where the level has no such designation) and
-- `especially_difficult_basis` ('derived: …' for flags derived from other data, else the decision) come from
-- admin_units, so the client can outline those units. country / parent null = any. Extent 4096 and buffer 64 are TILE_DEFAULTS in server/src/tiles/defaults.ts.
--
-- The two entry points are PL/pgSQL, so their query (the features inlined into it) is planned once per connection
-- and kept: a SQL function's body is planned on every call (2.4–3.0 ms, against 0.55 ms of execution on a z12
-- tile). The plan is the generic one (plan_cache_mode): it holds the three zoom branches, and the guards pick one
-- when it runs; custom plans, each for one zoom, would look cheaper and be re-planned for every tile.

drop function if exists chiphao_units_features(integer, integer, integer, text, integer, text);
drop function if exists chiphao_units_mvt(integer, integer, integer, text, integer, text);
drop function if exists chiphao_units_tile_rows(integer, integer, integer, text, integer, text);
-- the especially-difficult columns changed the row type of the features: drop before re-creating
drop function if exists chiphao_units_features(integer, integer, integer, text, integer, text, integer, text);
-- privacy (issue 10): the caller's scope and k joined the arguments, `suppressed` the row
drop function if exists chiphao_units_mvt(integer, integer, integer, text, integer, text, integer, text);
drop function if exists chiphao_units_tile_rows(integer, integer, integer, text, integer, text, integer, text);
drop function if exists chiphao_units_features(integer, integer, integer, text, integer, text, integer, text, text[], text[], integer);
-- former boundary vintages (00015): p_vintage joined the arguments
drop function if exists chiphao_units_mvt(integer, integer, integer, text, integer, text, integer, text, text[], text[], integer);
drop function if exists chiphao_units_tile_rows(integer, integer, integer, text, integer, text, integer, text, text[], text[], integer);
drop function if exists chiphao_units_features(integer, integer, integer, text, integer, text, integer, text, text[], text[], integer);

create or replace function chiphao_units_features(
  z integer, x integer, y integer, p_country text, p_level integer, p_parent text, p_year integer, p_indicator text,
  p_vintage text, p_scope_countries text[], p_scope_leaves text[], p_k integer)
returns table (
  id integer, code text, name text, name_en text, level smallint, country text, parent_code text,
  unit_type text, unit_type_en text, area_km2 double precision, child_count integer, leaf_count integer,
  value double precision, households integer, synthetic boolean, suppressed boolean,
  especially_difficult boolean, especially_difficult_basis text,
  geom geometry, label geometry)
language sql stable parallel safe
as $$
  with bounds as (
    select ST_TileEnvelope(z, x, y) as tile,
           ST_TileEnvelope(z, x, y, margin => 64.0 / 4096) as search,
           -- 4 × 4 px of a 256-px tile at the equator: a smaller unit's label could never be placed without covering
           -- its neighbours (at z3 a tambon is under 1 px); 6,100 km² at z3, 382 at z5, 6 at z8, 0.02 at z12
           16 * power(40075.016686 / (256 * 2.0 ^ z), 2) as label_min_km2,
           power(40075.016686 / (256 * 2.0 ^ z), 2) as pixel_km2  -- one 256-px pixel at the equator: 382 km² at z3
  )
  select u.id, u.code, case when big then u.name end, case when big then u.name_en end, u.level, u.country,
         case when big then u.parent_code end, case when big then u.unit_type end, case when big then u.unit_type_en end,
         case when big then round(u.area_km2::numeric, 2)::float8 end, u.child_count, case when big then u.leaf_count end,
         v.value, (v.disclosed).households, (v.disclosed).synthetic, v.suppressed,
         u.especially_difficult, case when big then u.especially_difficult_basis end, u.geom_z5,
         case when u.label_3857 && b.tile and u.area_km2 >= b.label_min_km2 then u.label_3857 end
    from admin_units u join countries c on c.code = u.country and u.vintage = coalesce(p_vintage, c.current_vintage)
    cross join bounds b
    left join unit_stats s on s.unit_code = u.code and s.year = p_year
    left join poverty_models pm on pm.country = u.country
    cross join lateral chiphao_unit_value(s, pm, p_indicator, p_scope_countries, p_scope_leaves, p_k) v
    cross join lateral (select u.area_km2 >= 4 * b.pixel_km2 as big) px
   where z <= 5 and u.level = p_level::smallint and u.geom_z5 && b.search
     and (p_country is null or u.country = p_country)
     and (p_parent is null or u.parent_code = p_parent
          or u.code in (select m.member_code from admin_unit_members m where m.code = p_parent))
  union all
  select u.id, u.code, u.name, u.name_en, u.level, u.country, u.parent_code, u.unit_type, u.unit_type_en,
         round(u.area_km2::numeric, 2)::float8, u.child_count, u.leaf_count,
         v.value, (v.disclosed).households, (v.disclosed).synthetic, v.suppressed,
         u.especially_difficult, u.especially_difficult_basis, u.geom_z8,
         case when u.label_3857 && b.tile and u.area_km2 >= b.label_min_km2 then u.label_3857 end
    from admin_units u join countries c on c.code = u.country and u.vintage = coalesce(p_vintage, c.current_vintage)
    cross join bounds b
    left join unit_stats s on s.unit_code = u.code and s.year = p_year
    left join poverty_models pm on pm.country = u.country
    cross join lateral chiphao_unit_value(s, pm, p_indicator, p_scope_countries, p_scope_leaves, p_k) v
   where z between 6 and 8 and u.level = p_level::smallint and u.geom_z8 && b.search
     and (p_country is null or u.country = p_country)
     and (p_parent is null or u.parent_code = p_parent
          or u.code in (select m.member_code from admin_unit_members m where m.code = p_parent))
  union all
  select u.id, u.code, u.name, u.name_en, u.level, u.country, u.parent_code, u.unit_type, u.unit_type_en,
         round(u.area_km2::numeric, 2)::float8, u.child_count, u.leaf_count,
         v.value, (v.disclosed).households, (v.disclosed).synthetic, v.suppressed,
         u.especially_difficult, u.especially_difficult_basis, u.geom_3857,
         case when u.label_3857 && b.tile and u.area_km2 >= b.label_min_km2 then u.label_3857 end
    from admin_units u join countries c on c.code = u.country and u.vintage = coalesce(p_vintage, c.current_vintage)
    cross join bounds b
    left join unit_stats s on s.unit_code = u.code and s.year = p_year
    left join poverty_models pm on pm.country = u.country
    cross join lateral chiphao_unit_value(s, pm, p_indicator, p_scope_countries, p_scope_leaves, p_k) v
   where z >= 9 and u.level = p_level::smallint and u.geom_3857 && b.search
     and (p_country is null or u.country = p_country)
     and (p_parent is null or u.parent_code = p_parent
          or u.code in (select m.member_code from admin_unit_members m where m.code = p_parent))
$$;

create or replace function chiphao_units_mvt(
  z integer, x integer, y integer, p_country text, p_level integer, p_parent text, p_year integer, p_indicator text,
  p_vintage text, p_scope_countries text[], p_scope_leaves text[], p_k integer)
returns bytea
language plpgsql stable parallel safe
set plan_cache_mode = force_generic_plan
as $$
begin
  return (
  with f as (select * from chiphao_units_features(z, x, y, p_country, p_level, p_parent, p_year, p_indicator, p_vintage, p_scope_countries, p_scope_leaves, p_k)),
  polys as (
    select f.id, f.code, f.name, f.name_en, f.level, f.country, f.parent_code, f.unit_type, f.unit_type_en,
           f.area_km2, f.child_count, f.leaf_count, f.value, f.households, f.synthetic, f.suppressed,
           f.especially_difficult, f.especially_difficult_basis,
           ST_AsMVTGeom(f.geom, ST_TileEnvelope(z, x, y), 4096, 64, true) as geom
      from f
  ),
  labels as (
    select f.id, f.code, f.name, f.name_en, f.area_km2,
           ST_AsMVTGeom(f.label, ST_TileEnvelope(z, x, y), 4096, 0, true) as geom
      from f where f.label is not null
  )
  select coalesce((select ST_AsMVT(polys, 'units', 4096, 'geom', 'id') from polys where geom is not null), '')
      || coalesce((select ST_AsMVT(labels, 'labels', 4096, 'geom', 'id') from labels where geom is not null), '')
  );
end
$$;

create or replace function chiphao_units_tile_rows(
  z integer, x integer, y integer, p_country text, p_level integer, p_parent text, p_year integer, p_indicator text,
  p_vintage text, p_scope_countries text[], p_scope_leaves text[], p_k integer)
returns table (layer text, id integer, props jsonb, geom text)
language plpgsql stable parallel safe
set plan_cache_mode = force_generic_plan
as $$
#variable_conflict use_column
begin
  return query
  with b as (
    select ST_TileEnvelope(z, x, y) as tile, ST_TileEnvelope(z, x, y, margin => 64.0 / 4096) as clip
  ),
  k as (  -- 3857 metres → tile units: x' = (x - xmin)·s, y' = (ymax - y)·s
    select b.*, 4096.0 / (ST_XMax(b.tile) - ST_XMin(b.tile)) as s, ST_XMin(b.tile) as x0, ST_YMax(b.tile) as y1
      from b
  ),
  f as (
    select f.*, jsonb_build_object(
             'code', f.code, 'name', f.name, 'name_en', f.name_en, 'level', f.level, 'country', f.country,
             'parent_code', f.parent_code, 'unit_type', f.unit_type, 'unit_type_en', f.unit_type_en,
             'area_km2', f.area_km2, 'child_count', f.child_count, 'leaf_count', f.leaf_count,
             'value', f.value, 'households', f.households, 'synthetic', f.synthetic, 'suppressed', f.suppressed,
             'especially_difficult', f.especially_difficult,
             'especially_difficult_basis', f.especially_difficult_basis) as props
      from chiphao_units_features(z, x, y, p_country, p_level, p_parent, p_year, p_indicator, p_vintage, p_scope_countries, p_scope_leaves, p_k) f
  ),
  polys as (
    select f.id, f.props,
           -- like ST_AsMVTGeom: drop detail under one tile unit, then snap to the integer grid
           ST_ForcePolygonCCW(ST_SnapToGrid(ST_Simplify(
             ST_Affine(ST_ClipByBox2D(f.geom, k.clip), k.s, 0, 0, -k.s, -k.x0 * k.s, k.y1 * k.s), 1), 1)) as g
      from f, k
  ),
  labels as (
    select f.id, jsonb_build_object('code', f.code, 'name', f.name, 'name_en', f.name_en, 'area_km2', f.area_km2) as props,
           ST_SnapToGrid(ST_Affine(f.label, k.s, 0, 0, -k.s, -k.x0 * k.s, k.y1 * k.s), 1) as g
      from f, k where f.label is not null
  )
  select 'units', id, props, ST_AsGeoJSON(g, 0) from polys where g is not null and not ST_IsEmpty(g) and ST_Area(g) > 0
  union all
  select 'labels', id, props, ST_AsGeoJSON(g, 0) from labels;
end
$$;
