-- Admin geography: countries, their admin levels, and admin units of every level.
-- Geometry is stored in 4326 (the source CRS, for exports and area maths) and in 3857, the tile CRS, with two
-- generalised copies for low zooms (storing 3857 beat transforming 4326 per tile by 20–35 % in our measurements).
-- Derived geometry was generated columns here; 00004 moved it to a trigger that runs only when `geom` changes.

create table countries (
  code            text primary key check (code ~ '^[A-Z]{2}$'),   -- ISO 3166-1 alpha-2
  name_en         text not null,
  name_native     text not null,
  current_vintage text not null                                    -- boundary vintage shown by default
);

create table admin_levels (
  country     text not null references countries (code),
  level       smallint not null check (level between 1 and 6),   -- 1 = top (province)
  key         text not null,                                      -- stable id used by the API, e.g. 'province'
  name_en     text not null,
  name_native text not null,
  primary key (country, level),
  unique (country, key)
);

create table admin_units (
  id           integer generated always as identity primary key,  -- MVT feature id
  code         text not null,        -- globally unique within a vintage: ISO country prefix + national code
  vintage      text not null,        -- boundary vintage, e.g. '2025-07-01'; old and new units can coexist
  country      text not null references countries (code),
  level        smallint not null,
  parent_code  text,                 -- code of the parent unit in the same vintage, null at level 1
  native_code  text not null,        -- the national statistical code without prefix
  name         text not null,        -- native script
  name_en      text not null,        -- romanised
  unit_type    text,                 -- native, e.g. 'Xã', 'ตำบล'
  unit_type_en text,
  child_count  integer not null default 0,
  leaf_count   integer not null default 1,   -- lowest-level units inside (communes, tambons)
  geom         geometry(MultiPolygon, 4326) not null,
  area_km2     double precision generated always as (ST_Area(geom::geography) / 1e6) stored,
  geom_3857    geometry(MultiPolygon, 3857)
               generated always as (ST_Multi(ST_Transform(geom, 3857))) stored,
  -- ≈ 0.2 px at z8 (150 m) and z5 (1000 m): tiles of z 6–8 and ≤ 5 read these. Per-feature simplification can
  -- open hairline gaps between neighbours, below a pixel at the zooms that read them.
  geom_z8      geometry(MultiPolygon, 3857)
               generated always as (ST_Multi(ST_SimplifyPreserveTopology(ST_Transform(geom, 3857), 150))) stored,
  geom_z5      geometry(MultiPolygon, 3857)
               generated always as (ST_Multi(ST_SimplifyPreserveTopology(ST_Transform(geom, 3857), 1000))) stored,
  -- centre of the largest inscribed circle: a label anchor inside the polygon, far from its edges
  label_3857   geometry(Point, 3857)
               generated always as ((ST_MaximumInscribedCircle(
                 ST_SimplifyPreserveTopology(ST_Transform(geom, 3857), 150))).center) stored,
  unique (vintage, code),
  foreign key (country, level) references admin_levels (country, level)
);

create index admin_units_geom_gix      on admin_units using gist (geom);
create index admin_units_geom_3857_gix on admin_units using gist (geom_3857);
create index admin_units_geom_z8_gix   on admin_units using gist (geom_z8);
create index admin_units_geom_z5_gix   on admin_units using gist (geom_z5);
create index admin_units_label_gix     on admin_units using gist (label_3857);
create index admin_units_parent_idx    on admin_units (vintage, parent_code);
create index admin_units_level_idx     on admin_units (country, vintage, level);

-- Units of each country's current vintage: what the API and tiles show by default.
create view current_admin_units as
  select u.* from admin_units u join countries c on c.code = u.country and c.current_vintage = u.vintage;

-- Which processed geodata file was loaded, by content hash: loading is idempotent and skipped when unchanged.
create table geodata_loads (
  file      text primary key,
  sha256    text not null,
  features  integer not null,
  loaded_at timestamptz not null default now()
);

-- One counter bumped by every data change; tile caches and ETags key on it.
create table data_version (
  singleton  boolean primary key default true check (singleton),
  version    bigint not null,
  changed_at timestamptz not null default now()
);
insert into data_version (version) values (1);
