-- Accounts, roles, scopes and sessions (issue 10). Anonymous callers are the public and have no row here; an
-- account holds one role and is scoped to admin units. Passwords are stored only as argon2id hashes, session cookies
-- only as the SHA-256 of their token. server/src/auth/ is the code that reads and writes these tables.

create table accounts (
  id            integer generated always as identity primary key,
  -- 2–64 ASCII letters, digits and . _ @ -; unique without regard to case (the index below), kept as typed
  username      text not null check (username ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$'),
  display_name  text not null default '' check (length(display_name) <= 200),
  password_hash text not null check (password_hash like '$argon2id$%'),   -- PHC string: parameters, salt, hash
  role          text not null check (role in ('viewer', 'planner', 'investment_officer', 'field_officer', 'admin')),
  disabled      boolean not null default false,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);
create unique index accounts_username_key on accounts (lower(username));

-- What an account may see: whole countries (unit_code null) and admin units of any level (a province, a district, a
-- commune/tambon), each with its descendants. admin_units is keyed by (vintage, code), so a unit is named by its
-- code, which stays the same across vintages where the unit does; a trigger checks that it exists.
create table account_scopes (
  account_id integer not null references accounts (id) on delete cascade,
  country    text not null references countries (code),
  unit_code  text check (unit_code is null or starts_with(unit_code, country)),   -- null = the whole country
  created_at timestamptz not null default now()
);
create unique index account_scopes_key on account_scopes (account_id, country, coalesce(unit_code, ''));

create function chiphao_check_scope_unit() returns trigger
language plpgsql as $$
begin
  if new.unit_code is not null
     and not exists (select 1 from admin_units where code = new.unit_code and country = new.country) then
    raise exception 'account scope: no admin unit %', new.unit_code using errcode = 'foreign_key_violation';
  end if;
  return new;
end
$$;
create trigger account_scopes_unit_exists before insert or update on account_scopes
  for each row execute function chiphao_check_scope_unit();

-- A signed-in browser. `id` is the SHA-256 (hex) of the random token in the cookie: a copy of this table does not
-- let anyone sign in. Valid while not revoked, before expires_at, and (when an idle limit is set) seen recently.
create table sessions (
  id           text primary key check (id ~ '^[0-9a-f]{64}$'),
  account_id   integer not null references accounts (id) on delete cascade,
  created_at   timestamptz not null default now(),
  expires_at   timestamptz not null,
  last_seen_at timestamptz not null default now(),
  revoked_at   timestamptz,
  ip           text,
  user_agent   text check (length(user_agent) <= 300)
);
create index sessions_account_idx on sessions (account_id, created_at desc);

-- Every sign-in attempt, for throttling's audit and the admin (an audit table of every write comes later).
create table sign_in_attempts (
  id         bigint generated always as identity primary key,
  at         timestamptz not null default now(),
  username   text not null,          -- as typed, lower-cased, whether or not an account has it
  ip         text,
  outcome    text not null check (outcome in ('success', 'failure', 'locked')),
  account_id integer references accounts (id) on delete set null
);
create index sign_in_attempts_username_idx on sign_in_attempts (username, at);
create index sign_in_attempts_at_idx on sign_in_attempts (at);

-- Failed sign-ins counted per username and per address, and the lock they lead to. Keyed by the name as typed, not
-- by account, so a name without an account is counted and locked exactly like one with: the answers never tell
-- which names exist. key = 'user:<lower-case username>' or 'ip:<IPv4 address or IPv6 /64>'.
create table sign_in_throttle (
  key               text primary key,
  failures          integer not null,
  window_started_at timestamptz not null,
  locked_until      timestamptz
);
