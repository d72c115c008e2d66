-- Every change of the data version is announced on channel chiphao_data_version (payload: the new version), by
-- whichever process or CLI made it: API processes LISTEN on the primary and drop their tile caches at once
-- (server/src/data-version-listen.ts) instead of noticing at their next poll. NOTIFY is sent at commit, so a
-- listener that reads the version then sees the new one.
create function data_version_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('chiphao_data_version', new.version::text);
  return null;
end
$$;

create trigger data_version_notify after update on data_version
  for each row execute function data_version_notify();
