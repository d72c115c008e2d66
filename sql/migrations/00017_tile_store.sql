-- Compressed tiles kept across restarts and shared by every API process on the database (issue 12 item 6, issue 14
-- item 3). Only tiles of the boundaries alone are kept (units tiles without figures, asked in the public scope: the
-- map's own). The key starts with the data version, like the in-memory cache's, so a data change never serves a stale
-- tile; rows of older versions are deleted by the server when it sees the version move on.
create table tile_store (
  key        text primary key,
  version    bigint not null,
  gzip       bytea not null,
  empty      boolean not null,
  created_at timestamptz not null default now()
);

create index tile_store_version_idx on tile_store (version);
