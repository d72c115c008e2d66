-- The household grid (table household_grid, sql/migrations/00012_household_grid.sql): counts of households per
-- tile zoom 0..11, year, 32 × 32 cell of each tile and every attribute a household tile filters on, so a low-zoom
-- household tile reads a few hundred rows instead of every household point under it (issue 12, item 1).
--
--   chiphao_household_cell(coordinate, cells_per_side) → the global cell index of an EPSG:3857 coordinate (x, or y
--     counted from the SOUTH) on a grid of cells_per_side over the whole Web Mercator square. THE one cell rule of
--     the households tile: the grid's rows and the points path (households_tile.sql) both use it, so they agree
--     exactly. Computed as floor(q · n) with q = (c + R) / 2R: for n a power of two q · n is exact, so the cell at
--     zoom z − 1 is exactly the cell at z halved (>> 1) and rolling the grid up never moves a household.
--     A coordinate on a cell edge lies in the cell east / north of it (half-open, as the tile envelopes).
--   chiphao_refresh_household_grid(country, tiles): with tiles (zoom-11 tiles an import changed, from
--     chiphao_household_grid_tiles), only those and the tiles above them, by difference (chiphao_patch_household_grid,
--     below). Without: rebuilds that country's rows from households + survey_rounds: zoom 11
--     in one GROUP BY (cells of 2^16 per side), each lower zoom rolled up from the one above in two temporary tables
--     (the zoom above, the zoom being built) and copied into household_grid. Called by
--     chiphao_refresh_unit_stats(country) (sql/functions/unit_stats.sql), in the caller's transaction. Zooms
--     0..9 again without the masks, into household_grid_totals (the unfiltered tiles read a 30th of the rows), and
--     zooms 0..8 by each dimension and indicator set in the masks, into household_grid_items (a tile filtered by one
--     of them reads its own item's rows): zoom 8 from the grid, each lower zoom rolled up from the one above; only
--     for a country with at least chiphao.grid_items_min_households households (default 1 M; a tile reads the
--     items of the countries that have them, household_grid for the others).
create or replace function chiphao_household_cell(p_coord double precision, p_cells double precision)
returns integer
language sql immutable parallel safe
as $$
  select least(greatest(floor((p_coord + 20037508.342789244) / 40075016.685578488 * p_cells), 0), p_cells - 1)::integer
$$;

-- chiphao_grid_item_bits(country) → each dimension (kind 'd') and indicator ('i') of the country's poverty model with
-- its bit in the masks (bit n − 1 ⇔ the model's n-th id, as the tile function's filters read the masks): what the
-- grid by item counts a row under, in the full refresh and in the patch alike
create or replace function chiphao_grid_item_bits(p_country text)
returns table (kind "char", item text, bit_index integer)
language sql stable as $$
  select 'd'::"char", d.id, (d.n - 1)::int
    from poverty_models pm, unnest(pm.dimensions) with ordinality d(id, n) where pm.country = p_country
  union all
  select 'i'::"char", i.id, (i.n - 1)::int
    from poverty_models pm, unnest(pm.indicators) with ordinality i(id, n) where pm.country = p_country
$$;

-- chiphao_grid_items_due(country, items_min) → whether the country has at least items_min households, so that its
-- grid by item is kept: reads at most items_min of them (an import's patch asked for every household of the country,
-- a scan of millions of rows at the bench scale, to learn what the first million said)
create or replace function chiphao_grid_items_due(p_country text, p_items_min bigint)
returns boolean language sql stable as $$
  select count(*) >= p_items_min from (select 1 from households where country = p_country limit p_items_min) h
$$;

-- the one-argument form of earlier versions: with the optional tiles below, a call with one argument would match both
drop function if exists chiphao_refresh_household_grid(text);

-- chiphao_household_grid_tiles(ids) → the zoom-11 tiles (key tx · 2048 + ty) holding these households' points: what
-- an import passes to chiphao_refresh_household_grid before and after it writes them (a moved household changes two)
create or replace function chiphao_household_grid_tiles(p_ids text[])
returns table (country text, tile integer)
language sql stable parallel safe as $$
  -- the tile of the cell rule at 65,536 cells per side (>> 5) is the same rule at 2,048: q · 2^k is exact
  select distinct h.country,
         chiphao_household_cell(ST_X(h.geom_3857), 2048) * 2048 + (2047 - chiphao_household_cell(ST_Y(h.geom_3857), 2048))
    from households h where h.id = any(p_ids)
$$;

create or replace function chiphao_refresh_household_grid(p_country text, p_tiles integer[] default null)
returns void language plpgsql as $$
declare
  v_tz integer;
  v_above text;   -- the temporary table holding the zoom above the one being built
  v_below text;
  -- an administrator's setting: a value that is not a whole number is reported and the default used, so a typo does
  -- not make every data change fail
  v_setting text := nullif(trim(current_setting('chiphao.grid_items_min_households', true)), '');
  v_items_min bigint := 1000000;
begin
  if v_setting ~ '^[0-9]{1,18}$' then
    v_items_min := v_setting::bigint;
  elsif v_setting is not null then
    raise warning 'chiphao.grid_items_min_households = %: expected a whole number of households; using %',
      v_setting, v_items_min;
  end if;
  -- a few tiles changed (an import): those tiles only, at every zoom, unless the grid by item starts or stops
  if p_tiles is not null and (cardinality(p_tiles) = 0 or chiphao_patch_household_grid(p_country, p_tiles, v_items_min)) then
    return;
  end if;
  delete from household_grid where country = p_country;
  delete from household_grid_totals where country = p_country;
  delete from household_grid_items where country = p_country;
  -- each zoom is built in a temporary table without an index and rolled up from the one above it there: a roll-up
  -- read the zoom above back out of household_grid through its index (at 200 k households in the embedded database,
  -- Vietnam's zoom 10 took 4.1 s that way, 3.0 s from the temporary table with the same rows written to the grid)
  create temporary table if not exists household_grid_a (like household_grid) on commit drop;
  create temporary table if not exists household_grid_b (like household_grid) on commit drop;
  truncate household_grid_a, household_grid_b;
  -- zoom 11: 2^11 tiles × 32 cells = 65,536 cells per side; gy counted from the north as tile rows run
  insert into household_grid_a (tz, year, tx, ty, cx, cy, country, unit_code, synthetic, status, minority,
                                dimension_mask, indicator_mask, households, persons)
  select 11, s.year, h.gx >> 5, h.gy >> 5, h.gx & 31, h.gy & 31, h.country, h.unit_code, h.synthetic, s.status,
         h.ethnic_minority, s.dimension_mask, s.indicator_mask, count(*), sum(h.size)
    from (select h.id, h.country, case when h.synthetic then null else h.unit_code end as unit_code, h.synthetic,
                 h.ethnic_minority, h.size,
                 chiphao_household_cell(ST_X(h.geom_3857), 65536) as gx,
                 65535 - chiphao_household_cell(ST_Y(h.geom_3857), 65536) as gy
            from households h where h.country = p_country) h
    join survey_rounds s on s.household_id = h.id
   group by s.year, h.gx, h.gy, h.country, h.unit_code, h.synthetic, s.status, h.ethnic_minority, s.dimension_mask,
            s.indicator_mask
   order by s.year, h.gx >> 5, h.gy >> 5;
  v_above := 'household_grid_a';
  for v_tz in reverse 11..0 loop
    if v_tz < 11 then
      -- the global cell (t·32 + c) halved, from the zoom above; rows stored in tile order, so a tile's rows share pages
      v_below := case v_above when 'household_grid_a' then 'household_grid_b' else 'household_grid_a' end;
      execute format('truncate %I', v_below);
      execute format($q$
        insert into %I (tz, year, tx, ty, cx, cy, country, unit_code, synthetic, status, minority, dimension_mask,
                        indicator_mask, households, persons)
        select %s, g.year, g.gx >> 5, g.gy >> 5, g.gx & 31, g.gy & 31, g.country, g.unit_code, g.synthetic, g.status,
               g.minority, g.dimension_mask, g.indicator_mask, sum(g.households), sum(g.persons)
          from (select year, (tx * 32 + cx) >> 1 as gx, (ty * 32 + cy) >> 1 as gy, country, unit_code, synthetic,
                       status, minority, dimension_mask, indicator_mask, households, persons
                  from %I) g
         group by g.year, g.gx, g.gy, g.country, g.unit_code, g.synthetic, g.status, g.minority, g.dimension_mask,
                  g.indicator_mask
         order by g.year, g.gx >> 5, g.gy >> 5
      $q$, v_below, v_tz, v_above);
      v_above := v_below;
    end if;
    execute format($q$
      insert into household_grid (tz, year, tx, ty, cx, cy, country, unit_code, synthetic, status, minority,
                                  dimension_mask, indicator_mask, households, persons)
      select tz, year, tx, ty, cx, cy, country, unit_code, synthetic, status, minority, dimension_mask,
             indicator_mask, households, persons
        from %I
    $q$, v_above);
    -- z0..9 without the masks (household_grid_totals: the tiles that ask for neither a dimension nor an indicator)
    if v_tz <= 9 then
      execute format($q$
        insert into household_grid_totals (tz, year, tx, ty, cx, cy, country, unit_code, synthetic, status, minority,
                                           households, persons)
        select tz, year, tx, ty, cx, cy, country, unit_code, synthetic, status, minority, sum(households), sum(persons)
          from %I
         group by tz, year, tx, ty, cx, cy, country, unit_code, synthetic, status, minority
         order by year, tx, ty
      $q$, v_above);
    end if;
  end loop;
  -- by item, where the country has enough households for it to matter (a small population's filtered tiles read
  -- few grid rows anyway, and the embedded first start would pay 9 s for it): chiphao.grid_items_min_households,
  -- default 1,000,000 (a named parameter, not a measured threshold: at 5 M the filtered z3-z8 tiles took 31-59 ms
  -- without the items, at 200 k a few ms)
  if chiphao_grid_items_due(p_country, v_items_min) then
    -- z8 by item (at 5 M households a z8 tile filtered by one indicator read 64 k mask rows in 47-59 ms; by item, 9-10
    -- ms): each grid row counted under every dimension and indicator its masks set (bit n − 1 ⇔ the model's
    -- n-th id, as the tile function's filters read the masks)
    insert into household_grid_items (tz, year, tx, ty, cx, cy, country, unit_code, synthetic, status, minority, kind,
                                      item, households, persons)
    select g.tz, g.year, g.tx, g.ty, g.cx, g.cy, g.country, g.unit_code, g.synthetic, g.status, g.minority, b.kind,
           b.item, sum(g.households), sum(g.persons)
      from household_grid g
      join chiphao_grid_item_bits(p_country) b
        on ((case b.kind when 'd' then g.dimension_mask else g.indicator_mask end) >> b.bit_index) & 1 = 1
     where g.tz = 8 and g.country = p_country
     group by g.tz, g.year, g.tx, g.ty, g.cx, g.cy, g.country, g.unit_code, g.synthetic, g.status, g.minority, b.kind, b.item
     order by g.year, g.tx, g.ty;
    for v_tz in reverse 7..0 loop
      insert into household_grid_items (tz, year, tx, ty, cx, cy, country, unit_code, synthetic, status, minority, kind,
                                        item, households, persons)
      select v_tz, g.year, g.gx >> 5, g.gy >> 5, g.gx & 31, g.gy & 31, g.country, g.unit_code, g.synthetic, g.status,
             g.minority, g.kind, g.item, sum(g.households), sum(g.persons)
        from (select year, (tx * 32 + cx) >> 1 as gx, (ty * 32 + cy) >> 1 as gy, country, unit_code, synthetic, status,
                     minority, kind, item, households, persons
                from household_grid_items where tz = v_tz + 1 and country = p_country) g
       group by g.year, g.gx, g.gy, g.country, g.unit_code, g.synthetic, g.status, g.minority, g.kind, g.item
       order by g.year, g.gx >> 5, g.gy >> 5;
    end loop;
  end if;
end
$$;

-- chiphao_patch_household_grid(country, tiles, items_min): the grid after a change to the households of the given
-- zoom-11 tiles (key tx · 2048 + ty), exactly as chiphao_refresh_household_grid would rebuild it, by difference:
-- 1. the changed tiles' zoom-11 rows counted again from their households, less the rows stored for them: the change
--    per cell and attributes (households and persons, + or −), in a temporary table;
-- 2. each lower zoom's change rolled up from the one above (the cell halved), as the full refresh rolls up the grid;
-- 3. the change added to the stored rows of every zoom (a row that reaches 0 households goes, a new one is added),
--    then to the totals (zooms 0..9, without the masks) and the items (zooms 0..8, where the country has them).
-- An import of a district's households at 5 M changes a few thousand rows; the full rebuild took minutes.
-- Returns false, having changed nothing, when the grid by item would start or stop (the caller rebuilds it all).
-- The caller passes the tiles of the households' points before and after the change: a household that moved leaves
-- one tile and enters another.
create or replace function chiphao_patch_household_grid(p_country text, p_tiles integer[], p_items_min bigint)
returns boolean language plpgsql as $$
declare
  v_items boolean := exists (select 1 from household_grid_items where country = p_country and tz = 0);
  v_tx integer[];
  v_ty integer[];
  v_years smallint[];
  v_tz integer;
begin
  if v_items <> chiphao_grid_items_due(p_country, p_items_min) then
    return false;
  end if;
  select array_agg(t / 2048), array_agg(t % 2048) into v_tx, v_ty from (select distinct t from unnest(p_tiles) t) d;
  -- every year with rows (zoom 0 holds all the country's rows): the index on (tz, year, tx, ty) then finds a tile's rows
  v_years := array(select distinct year from household_grid where tz = 0 and country = p_country);

  create temporary table if not exists household_grid_change (
    tz smallint, year smallint, tx integer, ty integer, cx smallint, cy smallint, country text, unit_code text,
    synthetic boolean, status text, minority boolean, dimension_mask integer, indicator_mask integer,
    households integer, persons integer, rid tid
  ) on commit drop;
  delete from household_grid_change;

  -- 1. zoom 11: the rows the changed tiles' households make now, less those stored, summed per cell and attributes
  insert into household_grid_change
  select 11, x.year, x.tx, x.ty, x.cx, x.cy, x.country, x.unit_code, x.synthetic, x.status, x.minority,
         x.dimension_mask, x.indicator_mask, sum(x.households), sum(x.persons)
    from (select s.year, h.gx >> 5 as tx, h.gy >> 5 as ty, (h.gx & 31)::smallint as cx, (h.gy & 31)::smallint as cy,
                 h.country, h.unit_code, h.synthetic, s.status, h.ethnic_minority as minority, s.dimension_mask,
                 s.indicator_mask, count(*)::int as households, sum(h.size)::int as persons
            from unnest(v_tx, v_ty) t(tx, ty)
            -- the tile's envelope widened by a metre finds its points through the spatial index; the cell rule then
            -- keeps exactly the tile's own (a point on an edge belongs to one tile only)
            cross join lateral (
              select h.id, h.country, case when h.synthetic then null else h.unit_code end as unit_code, h.synthetic,
                     h.ethnic_minority, h.size, p.gx, p.gy
                from households h
                cross join lateral (select chiphao_household_cell(ST_X(h.geom_3857), 65536) as gx,
                                           65535 - chiphao_household_cell(ST_Y(h.geom_3857), 65536) as gy) p
               where h.geom_3857 && ST_Expand(ST_TileEnvelope(11, t.tx, t.ty), 1) and h.country = p_country
                 and p.gx >> 5 = t.tx and p.gy >> 5 = t.ty) h
            join survey_rounds s on s.household_id = h.id
           group by s.year, h.gx, h.gy, h.country, h.unit_code, h.synthetic, s.status, h.ethnic_minority,
                    s.dimension_mask, s.indicator_mask
          union all
          select g.year, g.tx, g.ty, g.cx, g.cy, g.country, g.unit_code, g.synthetic, g.status, g.minority,
                 g.dimension_mask, g.indicator_mask, -g.households, -g.persons
            from unnest(v_tx, v_ty) t(tx, ty)
            join household_grid g on g.tz = 11 and g.year = any(v_years) and g.tx = t.tx and g.ty = t.ty
           where g.country = p_country) x
   group by x.year, x.tx, x.ty, x.cx, x.cy, x.country, x.unit_code, x.synthetic, x.status, x.minority,
            x.dimension_mask, x.indicator_mask
  having sum(x.households) <> 0 or sum(x.persons) <> 0;

  -- 2. each lower zoom's change: the zoom above's, the global cell (t·32 + c) halved
  for v_tz in reverse 10..0 loop
    insert into household_grid_change
    select v_tz, c.year, c.gx >> 5, c.gy >> 5, c.gx & 31, c.gy & 31, c.country, c.unit_code, c.synthetic, c.status,
           c.minority, c.dimension_mask, c.indicator_mask, sum(c.households), sum(c.persons)
      from (select year, (tx * 32 + cx) >> 1 as gx, (ty * 32 + cy) >> 1 as gy, country, unit_code, synthetic, status,
                   minority, dimension_mask, indicator_mask, households, persons
              from household_grid_change where tz = v_tz + 1) c
     group by c.year, c.gx, c.gy, c.country, c.unit_code, c.synthetic, c.status, c.minority, c.dimension_mask,
              c.indicator_mask
    having sum(c.households) <> 0 or sum(c.persons) <> 0;
  end loop;

  -- 3. the change applied to the grid, then to the totals (zooms 0..9, without the masks) and the items (zooms 0..8,
  -- where the country has them: each change counted under every dimension and indicator its masks set)
  perform chiphao_apply_grid_change('household_grid', 'household_grid_change', p_country,
    array['tz', 'year', 'tx', 'ty', 'cx', 'cy', 'country', 'synthetic', 'status', 'dimension_mask', 'indicator_mask']);

  create temporary table if not exists household_grid_totals_change (
    tz smallint, year smallint, tx integer, ty integer, cx smallint, cy smallint, country text, unit_code text,
    synthetic boolean, status text, minority boolean, households integer, persons integer, rid tid
  ) on commit drop;
  delete from household_grid_totals_change;
  insert into household_grid_totals_change
  select tz, year, tx, ty, cx, cy, country, unit_code, synthetic, status, minority, sum(households), sum(persons)
    from household_grid_change where tz <= 9
   group by tz, year, tx, ty, cx, cy, country, unit_code, synthetic, status, minority
  having sum(households) <> 0 or sum(persons) <> 0;
  perform chiphao_apply_grid_change('household_grid_totals', 'household_grid_totals_change', p_country,
    array['tz', 'year', 'tx', 'ty', 'cx', 'cy', 'country', 'synthetic', 'status']);

  if v_items then
    create temporary table if not exists household_grid_items_change (
      tz smallint, year smallint, tx integer, ty integer, cx smallint, cy smallint, country text, unit_code text,
      synthetic boolean, status text, minority boolean, kind "char", item text, households integer, persons integer,
      rid tid
    ) on commit drop;
    delete from household_grid_items_change;
    insert into household_grid_items_change
    select c.tz, c.year, c.tx, c.ty, c.cx, c.cy, c.country, c.unit_code, c.synthetic, c.status, c.minority, b.kind,
           b.item, sum(c.households), sum(c.persons)
      from household_grid_change c
      join chiphao_grid_item_bits(p_country) b
        on ((case b.kind when 'd' then c.dimension_mask else c.indicator_mask end) >> b.bit_index) & 1 = 1
     where c.tz <= 8
     group by c.tz, c.year, c.tx, c.ty, c.cx, c.cy, c.country, c.unit_code, c.synthetic, c.status, c.minority, b.kind,
              b.item
    having sum(c.households) <> 0 or sum(c.persons) <> 0;
    perform chiphao_apply_grid_change('household_grid_items', 'household_grid_items_change', p_country,
      array['tz', 'year', 'tx', 'ty', 'cx', 'cy', 'country', 'synthetic', 'status', 'kind', 'item']);
  end if;
  return true;
end
$$;

-- chiphao_apply_grid_change(grid, change, country, keys): adds a change table's counts (households and persons, + or
-- −) to a grid table whose rows have the same columns: where a stored row has the change's cell and attributes, the
-- counts are added (the row removed if no household is left), else the change is stored as a new row. keys: the
-- columns never null besides unit_code and minority, which match null to null. Identifiers only come through %I.
-- Each changed tile's stored rows are read once through the tile index and matched to the change by a hash join on
-- the keys: looking up each change row by the index scanned a whole low-zoom tile per row (6 s for 17 k rows).
create or replace function chiphao_apply_grid_change(p_grid text, p_change text, p_country text, p_keys text[])
returns void language plpgsql as $$
declare
  v_match text := (select string_agg(format('c.%1$I = m.%1$I', k), ' and ') from unnest(p_keys) k)
                  || ' and c.unit_code is not distinct from m.unit_code and c.minority is not distinct from m.minority';
  v_cols text := (select string_agg(format('%I', k), ', ') from unnest(p_keys) k)
                 || ', unit_code, minority, households, persons';
  v_merge text := current_setting('enable_mergejoin');
  v_nest text := current_setting('enable_nestloop');
begin
  execute format('analyze %I', p_change);
  -- the changed tiles' stored rows, each tile found through the index, kept with their ctid; then each change row
  -- matched to the stored row it adds to, if any, by a hash join (both tables analyzed: planned in one statement, the
  -- planner looked each change row up through the index instead)
  if to_regclass('pg_temp.chiphao_grid_stored') is not null then
    drop table pg_temp.chiphao_grid_stored;
  end if;
  execute format($q$
    create temporary table chiphao_grid_stored on commit drop as
    select g.ctid as rid, %3$s
      from (select distinct tz, year, tx, ty from %1$I) t
      join %2$I g on g.tz = t.tz and g.year = t.year and g.tx = t.tx and g.ty = t.ty
     where g.country = $1
  $q$, p_change, p_grid, (select string_agg(format('g.%I', k), ', ') from unnest(p_keys) k) || ', g.unit_code, g.minority')
  using p_country;
  analyze pg_temp.chiphao_grid_stored;
  -- a hash join whatever the estimates: the planner takes the keys for independent and expects one row, then sorts
  -- half a million rows for a merge join
  perform set_config('enable_mergejoin', 'off', true), set_config('enable_nestloop', 'off', true);
  execute format('update %1$I c set rid = m.rid from pg_temp.chiphao_grid_stored m where %2$s', p_change, v_match);
  perform set_config('enable_mergejoin', v_merge, true), set_config('enable_nestloop', v_nest, true);
  -- first the rows left without a household, while the change still names each stored row by its ctid
  execute format('delete from %1$I g using %2$I c where c.rid is not null and g.ctid = c.rid and g.households + c.households = 0',
                 p_grid, p_change);
  execute format($q$
    update %1$I g set households = g.households + c.households, persons = g.persons + c.persons
      from %2$I c where c.rid is not null and g.ctid = c.rid and g.households + c.households <> 0
  $q$, p_grid, p_change);
  execute format('insert into %1$I (%3$s) select %3$s from %2$I where rid is null', p_grid, p_change, v_cols);
end
$$;
