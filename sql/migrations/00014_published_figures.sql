-- Published figures and targets (issue 13, item 3): official aggregates per admin unit and year, as a government or
-- a newspaper published them, each with its source and citation. They are never computed from households and never
-- mixed with the synthetic figures; the API keeps them apart (server/src/figures).
--
-- A figure is either a level at one point in time (a rate in %, a count of households or persons: `year` with `at`
-- = start or end of that year) or a pace over a period (`year_from`..`year`, in percentage points or % per year), so
-- "−3 %/yr" in a plan is a target of pace, never turned into a level.

create table published_figures (
  id          bigint generated always as identity primary key,
  -- an admin unit of ANY vintage (a figure of 2022 belongs to the province as it was then); checked by the trigger
  -- below, as admin_units is unique by (vintage, code) and a foreign key cannot name the code alone
  unit_code   text not null,
  country     text not null references countries (code),
  -- an id of the indicator catalogue (/api/indicators) where one fits, e.g. status:poor:rate; another id otherwise,
  -- with a label saying what it counts
  indicator   text not null check (indicator ~ '^[a-z0-9_:.\-]{1,80}$'),
  label       text check (length(label) between 1 and 200),
  -- part of the unit's population the figure is about (ethnic-minority areas, one district…); null = the whole unit
  subgroup    text check (length(subgroup) between 1 and 200),
  kind        text not null check (kind in ('published', 'target')),
  year_from   smallint,
  year        smallint not null,
  at          text not null default 'end' check (at in ('start', 'end')),
  value       double precision not null check (value = value),  -- no NaN
  value_unit  text not null check (value_unit in ('%', 'households', 'persons', 'pt/yr', '%/yr')),
  source      text not null check (length(btrim(source)) between 1 and 500),
  citation    text not null check (length(btrim(citation)) between 1 and 1000),
  note        text check (length(note) <= 2000),
  -- a natural key for seeded rows and CSV imports that name one: a re-import updates instead of duplicating
  key         text unique check (length(key) between 1 and 120),
  created_by  integer references accounts (id) on delete set null,
  updated_by  integer references accounts (id) on delete set null,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  -- a pace has a period, a level has none
  check ((value_unit in ('pt/yr', '%/yr')) = (year_from is not null)),
  check (year_from is null or year_from < year),
  check (value_unit <> '%' or value between 0 and 100),
  check (value_unit not in ('households', 'persons') or value >= 0)
);

create index published_figures_unit_idx on published_figures (unit_code, indicator, year);
create index published_figures_scope_idx on published_figures (country, unit_code);

-- The unit must exist in some vintage; its country is copied from it (the scope check reads it without a join).
create function chiphao_published_figure_unit() returns trigger
language plpgsql as $$
declare
  v_country text;
begin
  select country into v_country from admin_units where code = new.unit_code limit 1;
  if v_country is null then
    raise exception 'unknown admin unit %', new.unit_code using errcode = 'foreign_key_violation';
  end if;
  new.country := v_country;
  return new;
end $$;

create trigger published_figures_unit before insert or update of unit_code on published_figures
  for each row execute function chiphao_published_figure_unit();

-- Seed rows loaded once (geodata/reference/published_figures.csv): a seed row a user deleted is not brought back at
-- the next start, and a row whose unit appears later (another boundary vintage) is loaded then.
create table published_figure_seeds (
  key       text primary key,
  loaded_at timestamptz not null default now()
);
