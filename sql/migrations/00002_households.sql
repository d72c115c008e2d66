-- Households, their survey rounds, and per-unit aggregates (issue 3, items 4 and 5).
--
-- Scope: every household query filters on households.unit_code, the code of a lowest-level admin unit (commune,
-- tambon). A caller allowed to see a set of units of any level applies it in SQL as
--   where h.unit_code in (select code from chiphao_unit_descendants(:scope_codes))
-- (sql/functions/unit_stats.sql walks admin_units.parent_code of the current vintage), and unit_stats rows as
--   where s.unit_code in (select code from chiphao_unit_descendants(:scope_codes))
-- so no household outside the scope ever leaves the database. Both use the unit_code indexes below.

create table households (
  id                text primary key,
  country           text not null references countries (code),
  unit_code         text not null,      -- lowest-level admin unit (commune / tambon) of the current vintage
  village           text,               -- village / hamlet name inside the unit
  geom              geometry(Point, 4326) not null,
  geom_3857         geometry(Point, 3857) generated always as (ST_Transform(geom, 3857)) stored,
  urban             boolean not null,
  size              smallint not null check (size >= 1),
  ethnic_minority   boolean,
  head_sex          text check (head_sex in ('F', 'M')),
  head_age          smallint check (head_age between 10 and 120),
  welfare_registered boolean,           -- on the state welfare register at its latest round; null = not linked
  synthetic         boolean not null,   -- generated demo data (server/src/synthetic), never a real household
  source            text not null       -- e.g. 'synthetic seed=42', or the imported file
);

create index households_unit_idx on households (unit_code);
create index households_geom_3857_gix on households using gist (geom_3857);
create index households_synthetic_idx on households (synthetic) where synthetic;

-- One survey round of a household. status, band, masks and counts are what the country's poverty model returned
-- for this row's survey (pack.poverty.classify), never set by hand.
create table survey_rounds (
  household_id      text not null references households (id) on delete cascade,
  year              smallint not null,      -- Common Era year of the round
  income_per_capita double precision,       -- local currency per person per month; null = not collected
  deprived          text[] not null,        -- indicator ids of the model
  welfare_registered boolean,               -- on the state welfare register at this round; null = not linked
  indicator_mask    integer not null,       -- bit i = model.indicators[i]
  dimension_mask    integer not null,       -- bit j = model.dimensions[j]
  deprivation_count smallint not null,
  status            text not null,          -- a status id of the model
  band              text,                   -- a band id of the model, or null
  transition        text check (transition in ('escaped', 'fell', 'stayed_poor', 'stayed_out')),  -- null: first round
  primary key (household_id, year)
);

create index survey_rounds_year_idx on survey_rounds (year);

-- The order of a country's model's dimensions and indicators: unit_stats arrays and the masks follow it.
-- Written from the pack (server/src/synthetic/generate.ts, later the importer) before households are.
create table poverty_models (
  country    text primary key references countries (code),
  model_id   text not null,
  statuses   text[] not null,
  dimensions text[] not null,
  indicators text[] not null
);

-- Aggregates per admin unit of every level and year, refreshed by chiphao_refresh_unit_stats(country) after every
-- change of households. A unit without households in a year has no row (no data, not zero).
create table unit_stats (
  unit_code          text not null,
  year               smallint not null,
  country            text not null references countries (code),
  level              smallint not null,
  households         integer not null,
  persons            integer not null,
  households_by_status jsonb not null,    -- {"poor": 12, "near_poor": 30, "not_poor": 958}
  persons_by_status  jsonb not null,
  escaped            integer not null,    -- households whose transition into this year is 'escaped'
  fell               integer not null,
  dimension_counts   integer[] not null,  -- households deprived in each dimension, poverty_models order
  indicator_counts   integer[] not null,  -- households deprived in each indicator, poverty_models order
  synthetic          boolean not null,    -- any synthetic household counted
  primary key (unit_code, year)
);

create index unit_stats_country_year_idx on unit_stats (country, year, level);

alter table admin_units add column especially_difficult boolean;
alter table admin_units add column especially_difficult_basis text;  -- e.g. 'derived: …' or a decision number
