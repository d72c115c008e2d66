-- Decks (issue 13, item 5): an ordered list of saved views of the explore page, each view being the page's URL state
-- (query string + camera hash, client/src/model/url.ts), presented full screen. A deck belongs to the account that
-- made it; `shared` lets anyone holding its link read it (a deck holds only views of aggregates, and every reader's
-- figures come from their own requests, under their own scope and the privacy rule). The deck id is the link: 128
-- random bits, so a deck that is not shared cannot be found by guessing. Limits are those of server/src/decks/limits.ts.

create table decks (
  id         text primary key check (id ~ '^dk_[A-Za-z0-9_-]{22}$'),
  title      text not null check (length(title) between 1 and 120),
  subtitle   text not null default '' check (length(subtitle) <= 200),
  owner_id   integer not null references accounts (id) on delete cascade,
  shared     boolean not null default false,
  version    integer not null default 1,   -- optimistic concurrency: an edit made on an older version gets 409
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index decks_owner_idx on decks (owner_id, updated_at desc);

-- A deck's slides, in order; an edit replaces them all in one transaction (a reorder is a new order of the same rows).
create table deck_slides (
  deck_id  text not null references decks (id) on delete cascade,
  position smallint not null check (position between 0 and 99),
  view     text not null check (length(view) <= 2000),   -- '?query#zoom/lat/lng', validated by server/src/decks/view.ts
  title    text not null check (length(title) <= 120),
  subtitle text not null default '' check (length(subtitle) <= 200),
  notes    text not null default '' check (length(notes) <= 4000),
  kpis     text[] not null default '{}' check (cardinality(kpis) <= 6),   -- unit codes whose KPI cards show
  primary key (deck_id, position)
);
