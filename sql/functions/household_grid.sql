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
--   chiphao_refresh_household_grid(country): rebuilds that country's rows from households + survey_rounds: zoom 11
--     in one GROUP BY (cells of 2^16 per side), each lower zoom rolled up from the one above. Called by
--     chiphao_refresh_unit_stats(country) (sql/functions/unit_stats.sql), in the caller's transaction. Then zooms
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

create or replace function chiphao_refresh_household_grid(p_country text)
returns void language plpgsql as $$
declare
  v_tz integer;
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
  delete from household_grid where country = p_country;
  delete from household_grid_totals where country = p_country;
  delete from household_grid_items where country = p_country;
  -- zoom 11: 2^11 tiles × 32 cells = 65,536 cells per side; gy counted from the north as tile rows run
  insert into household_grid (tz, year, tx, ty, cx, cy, country, unit_code, synthetic, status, minority,
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
  -- each lower zoom: the global cell (t·32 + c) halved; rows stored in tile order, so a tile's rows share pages
  for v_tz in reverse 10..0 loop
    insert into household_grid (tz, year, tx, ty, cx, cy, country, unit_code, synthetic, status, minority,
                                dimension_mask, indicator_mask, households, persons)
    select v_tz, g.year, g.gx >> 5, g.gy >> 5, g.gx & 31, g.gy & 31, g.country, g.unit_code, g.synthetic, g.status,
           g.minority, g.dimension_mask, g.indicator_mask, sum(g.households), sum(g.persons)
      from (select year, (tx * 32 + cx) >> 1 as gx, (ty * 32 + cy) >> 1 as gy, country, unit_code, synthetic, status,
                   minority, dimension_mask, indicator_mask, households, persons
              from household_grid where tz = v_tz + 1 and country = p_country) g
     group by g.year, g.gx, g.gy, g.country, g.unit_code, g.synthetic, g.status, g.minority, g.dimension_mask,
              g.indicator_mask
     order by g.year, g.gx >> 5, g.gy >> 5;
  end loop;
  -- z0..9 without the masks (household_grid_totals: the tiles that ask for neither a dimension nor an indicator)
  insert into household_grid_totals (tz, year, tx, ty, cx, cy, country, unit_code, synthetic, status, minority,
                                     households, persons)
  select tz, year, tx, ty, cx, cy, country, unit_code, synthetic, status, minority, sum(households), sum(persons)
    from household_grid where tz <= 9 and country = p_country
   group by tz, year, tx, ty, cx, cy, country, unit_code, synthetic, status, minority
   order by tz, year, tx, ty;
  -- by item, where the country has enough households for it to matter (a small population's filtered tiles read
  -- few grid rows anyway, and the embedded first start would pay 9 s for it): chiphao.grid_items_min_households,
  -- default 1,000,000 (a named parameter, not a measured threshold: at 5 M the filtered z3-z8 tiles took 31-59 ms
  -- without the items, at 200 k a few ms)
  if (select count(*) from households where country = p_country)
     >= v_items_min then
    -- z8 by item (at 5 M households a z8 tile filtered by one indicator read 64 k mask rows in 47-59 ms; by item, 9-10
    -- ms): each grid row counted under every dimension and indicator its masks set (bit n − 1 ⇔ the model's
    -- n-th id, as the tile function's filters read the masks)
    insert into household_grid_items (tz, year, tx, ty, cx, cy, country, unit_code, synthetic, status, minority, kind,
                                      item, households, persons)
    select g.tz, g.year, g.tx, g.ty, g.cx, g.cy, g.country, g.unit_code, g.synthetic, g.status, g.minority, b.kind,
           b.item, sum(g.households), sum(g.persons)
      from household_grid g
      join (select 'd'::"char" as kind, d.id as item, (d.n - 1)::int as bit
              from poverty_models pm, unnest(pm.dimensions) with ordinality d(id, n) where pm.country = p_country
            union all
            select 'i'::"char", i.id, (i.n - 1)::int
              from poverty_models pm, unnest(pm.indicators) with ordinality i(id, n) where pm.country = p_country) b
        on ((case b.kind when 'd' then g.dimension_mask else g.indicator_mask end) >> b.bit) & 1 = 1
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
