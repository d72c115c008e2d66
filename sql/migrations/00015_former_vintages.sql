-- Former boundary vintages (issue 13, item 4): Vietnam's 63 provinces before the 1 July 2025 reform, kept beside the
-- current units so a series can be shown for the units it was published for ("Thái Nguyên (before 2025)").
--
-- Their units are admin_units rows of another vintage ('2025-06-30', codes VNO + the old GSO code, level 1), so
-- current_admin_units and everything built on it (statistics roll-up, scope, imports, rankings) never sees them.
-- They are not rolled up from children of their own: each is the union of current lowest-level units, listed in
-- admin_unit_members (from the members file of geodata/vintage.ts), and their unit_stats rows are the sums of those
-- members' rows (chiphao_refresh_member_stats, sql/functions/vintage_stats.sql). A member counts whole in one unit
-- of a vintage; where it was formed across old units, the unit is marked `approximate` (outline and figures differ
-- from the unit of that time by the parts that went elsewhere).

-- null for current units; true/false for a unit of a former vintage
alter table admin_units add column approximate boolean;

-- the view's column list is fixed when it is created: re-create it so it carries the new column (appended)
create or replace view current_admin_units as
  select u.* from admin_units u join countries c on c.code = u.country and c.current_vintage = u.vintage;

create table admin_unit_members (
  vintage      text not null,          -- the former vintage, e.g. '2025-06-30'
  code         text not null,          -- its unit, e.g. 'VNO19'
  member_code  text not null,          -- a lowest-level unit of the current vintage counted in it, e.g. 'VN05521'
  share        real not null check (share > 0 and share <= 1),  -- of the member's old units, the part from this one
  primary key (vintage, member_code),  -- counted in one unit of a vintage: sums over a vintage are the country's
  foreign key (vintage, code) references admin_units (vintage, code) on delete cascade
);
create index admin_unit_members_code_idx on admin_unit_members (code, member_code);
