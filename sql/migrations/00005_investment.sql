-- Investment (issue 5): existing and planned infrastructure projects, and proposals drawn by investment staff with
-- every change kept. Household counts of an area are never stored here: they are counted from households when asked.

-- What a project or proposal builds; the same list for both.
create table infrastructure_types (
  id       text primary key,   -- road, school, health_station, clean_water, electricity, irrigation, market, other
  position smallint not null unique
);
insert into infrastructure_types (id, position) values
  ('road', 1), ('school', 2), ('health_station', 3), ('clean_water', 4), ('electricity', 5), ('irrigation', 6),
  ('market', 7), ('other', 8);

-- Existing and planned projects: points, lines or polygons. Demo projects are synthetic and say so.
create table infrastructure_projects (
  id          text primary key,
  country     text not null references countries (code),
  name        text not null,
  type        text not null references infrastructure_types (id),
  status      text not null check (status in ('planned', 'under_construction', 'completed', 'cancelled')),
  budget      numeric check (budget >= 0),      -- in `currency`
  disbursed   numeric check (disbursed >= 0),
  currency    text check (currency ~ '^[A-Z]{3}$'),  -- ISO 4217
  start_date  date,
  end_date    date check (end_date is null or start_date is null or end_date >= start_date),
  communes    text[] not null default '{}',     -- lowest-level unit codes the project serves
  geom        geometry(Geometry, 4326) not null check (ST_GeometryType(geom) in (
                'ST_Point', 'ST_MultiPoint', 'ST_LineString', 'ST_MultiLineString', 'ST_Polygon', 'ST_MultiPolygon')),
  geom_3857   geometry(Geometry, 3857) generated always as (ST_Transform(geom, 3857)) stored,
  synthetic   boolean not null,
  source      text not null
);
create index infrastructure_projects_geom_gix on infrastructure_projects using gist (geom);
create index infrastructure_projects_geom_3857_gix on infrastructure_projects using gist (geom_3857);
create index infrastructure_projects_communes_gin on infrastructure_projects using gin (communes);

-- A proposal: an area with what would be built there. `version` rises by one on every change; an update names the
-- version it read (optimistic concurrency), so two people editing one proposal never silently overwrite each other.
create table proposals (
  id            text primary key,              -- random, from the server
  name          text not null check (length(name) between 1 and 200),
  type          text not null references infrastructure_types (id),
  status        text not null check (status in ('draft', 'proposed', 'approved', 'funded', 'completed')),
  budget        numeric check (budget >= 0),
  currency      text check (currency ~ '^[A-Z]{3}$'),
  beneficiaries integer check (beneficiaries >= 0),
  notes         text not null default '',
  owner         text not null default '',
  geom          geometry(MultiPolygon, 4326) not null,
  version       integer not null default 1,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);
create index proposals_geom_gix on proposals using gist (geom);

-- Every version of every proposal, the deleted ones included: the row as it was after the change.
create table proposal_history (
  proposal_id text not null,                   -- no foreign key: history outlives a deleted proposal
  version     integer not null,
  action      text not null check (action in ('created', 'updated', 'deleted')),
  changed_at  timestamptz not null default now(),
  changed_by  text not null default '',
  snapshot    jsonb not null,                  -- the proposal's fields and geometry (GeoJSON) after the change
  primary key (proposal_id, version)
);
