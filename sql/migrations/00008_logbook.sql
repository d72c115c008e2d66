-- The field logbook (issue 10, items 5 and 6): assistance given to households, the field team's case status with its
-- history, and mentors. Every row copies the household's country and unit_code so that a query limits it to the
-- caller's scope with chiphao_in_scope(country, unit_code, countries, leaves) without a join.

create table assistance_entries (
  id              bigint generated always as identity primary key,
  household_id    text not null references households (id) on delete cascade,
  country         text not null,
  unit_code       text not null,
  happened_on     date not null check (happened_on >= date '2000-01-01'),
  dimension       text not null,
  indicator       text,
  programme       text not null check (length(programme) <= 200),
  agency          text not null check (length(agency) <= 200),
  amount          numeric(16, 2) check (amount >= 0),
  note            text not null check (length(note) <= 2000),
  follow_up_on    date,
  officer_id      integer not null references accounts (id),
  -- the client's Idempotency-Key: a retried POST finds its entry instead of writing a second one
  idempotency_key uuid not null unique,
  request_hash    text not null,       -- sha-256 of the POSTed body, to tell a retry from a different entry
  version         integer not null default 1,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now()
);

create index assistance_entries_household_idx on assistance_entries (household_id, happened_on);
create index assistance_entries_scope_idx on assistance_entries (country, unit_code, happened_on);

-- The field team's current case status of a household (absent = 'target', version 0).
create table household_cases (
  household_id text primary key references households (id) on delete cascade,
  country      text not null,
  unit_code    text not null,
  status       text not null check (status in ('target', 'in_progress', 'helped', 'escaped', 'moved_away', 'closed')),
  version      integer not null,
  updated_at   timestamptz not null default now()
);

create index household_cases_scope_idx on household_cases (country, unit_code);

-- Append-only: every change of a case status.
create table household_case_history (
  id           bigint generated always as identity primary key,
  household_id text not null references households (id) on delete cascade,
  country      text not null,
  unit_code    text not null,
  status       text not null check (status in ('target', 'in_progress', 'helped', 'escaped', 'moved_away', 'closed')),
  note         text not null check (length(note) <= 2000),
  changed_at   timestamptz not null default now(),
  changed_by   integer references accounts (id) on delete set null
);

create index household_case_history_household_idx on household_case_history (household_id, changed_at);
create index household_case_history_scope_idx on household_case_history (country, unit_code, status, changed_at);

create function chiphao_case_history_append_only() returns trigger
language plpgsql as $$
begin
  raise exception 'household_case_history is append-only';
end $$;

create trigger household_case_history_append_only before update on household_case_history
  for each row execute function chiphao_case_history_append_only();

create table household_mentors (
  household_id text not null references households (id) on delete cascade,
  country      text not null,
  unit_code    text not null,
  position     smallint not null,
  name         text not null check (length(name) between 1 and 200),
  account_id   integer references accounts (id) on delete set null,
  assigned_at  timestamptz not null default now(),
  assigned_by  integer references accounts (id) on delete set null,
  primary key (household_id, position)
);
