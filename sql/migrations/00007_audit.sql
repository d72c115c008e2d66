-- The audit (issue 10, item 4): every household read, every write and every sign-in, one row each, append-only.
-- Who (account id, username and role as they were at the time: no foreign key, so the row outlives the account),
-- when, what (method, path, status, an action and its target), the caller's scope, and from where (address, user
-- agent). Written by server/src/http/audit.ts after each such request; read only by admins (GET /api/admin/audit).
create table audit_log (
  id         bigint generated always as identity primary key,
  at         timestamptz not null default now(),
  account_id integer,
  username   text,                -- null = the public
  role       text,
  action     text not null check (action in ('household_read', 'household_tile', 'write', 'sign_in')),
  method     text not null,
  path       text not null check (length(path) <= 2000),
  status     smallint not null,
  target     text check (length(target) <= 500),
  scope      jsonb,               -- { countries, units } of the account at the time
  ip         text,
  user_agent text check (length(user_agent) <= 300)
);
create index audit_log_at_idx on audit_log (at desc);
create index audit_log_account_idx on audit_log (account_id, at desc);

-- Append-only: no row is changed or removed through SQL either (an operator keeps copies with db:backup).
create function chiphao_audit_append_only() returns trigger
language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end
$$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function chiphao_audit_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function chiphao_audit_append_only();
