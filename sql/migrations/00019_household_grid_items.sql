-- The household grid by one dimension or one indicator (issue 12: a household tile filtered by an indicator or a
-- dimension read every mask combination of its cells from household_grid: 60-160 k rows and 40-60 ms for a z3-z7
-- tile over Hà Nội or Bangkok at 5 M households). One row per tile zoom 0..7, year, tile, cell, the attributes the
-- other filters and the privacy rule read, and each dimension (kind 'd') or indicator (kind 'i') the cell's
-- households are deprived in, named by its id in poverty_models; the counts are households and persons. A tile
-- asking for exactly one of a dimension and an indicator reads only its own item's rows. Written only by
-- chiphao_refresh_household_grid(country) (sql/functions/household_grid.sql), with household_grid.
create table household_grid_items (
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
  kind           "char" not null,    -- 'd': a dimension of poverty_models.dimensions; 'i': an indicator
  item           text not null,      -- its id
  households     integer not null,
  persons        integer not null
);

create index household_grid_items_tile_idx on household_grid_items (tz, year, tx, ty, kind, item);
