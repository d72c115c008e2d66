-- Cold unit tiles (issue 12, item 5): one GiST index per generalised copy on (level, geometry), so a tile of one
-- level reads only that level's units under the tile. A z4 province tile touches ~11,600 units of every level and
-- keeps 33: with geometry alone the index hands all of them to the filter (147 ms measured at 1 M households),
-- with the level in the index it hands over the 33 (chiphao_units_features, sql/functions/units_tile.sql, casts
-- the level parameter to smallint so the index condition matches). A smallint in a GiST needs btree_gist (a
-- trusted contrib extension of PostgreSQL; bundled with PGlite and loaded by server/src/db/embedded.ts).
create extension if not exists btree_gist;

create index admin_units_level_geom_z5_gix on admin_units using gist (level, geom_z5);
create index admin_units_level_geom_z8_gix on admin_units using gist (level, geom_z8);
create index admin_units_level_geom_3857_gix on admin_units using gist (level, geom_3857);
-- they replace the geometry-only indexes of these copies, which only the tiles read: a generic plan, costed without
-- the tile, took those and filtered the level again
drop index admin_units_geom_z5_gix;
drop index admin_units_geom_z8_gix;
drop index admin_units_geom_3857_gix;

-- Statistics for a database whose boundaries were loaded before loading ran ANALYZE (server/src/geodata/load.ts
-- now does): without them the planner guesses the table's size and every level's share.
analyze admin_units;
analyze unit_stats;

-- Area totals (issue 12, item 6): the households inside an area join their survey round of the year by its key; a
-- count needs only the key (an index-only scan) but the totals also read the status and the deprivation masks, which
-- sent every household to the survey_rounds heap (3× the count's time at 100 k households). The primary key carries
-- them (INCLUDE: not part of the key, so uniqueness and ON CONFLICT (household_id, year) are as before), so they are
-- read where the count reads the key: index-only once VACUUM has set the visibility map (after generation and large
-- imports, server/src/db/maintenance.ts). No foreign key references this key.
alter table survey_rounds drop constraint survey_rounds_pkey,
  add constraint survey_rounds_pkey primary key (household_id, year) include (status, dimension_mask, indicator_mask);
analyze survey_rounds;
