-- A view's `u.*` is expanded when it is created: re-create current_admin_units so it also shows the columns added to
-- admin_units since (especially_difficult, especially_difficult_basis). New columns may only be appended.
create or replace view current_admin_units as
  select u.* from admin_units u join countries c on c.code = u.country and c.current_vintage = u.vintage;
