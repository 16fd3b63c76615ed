// Every committed change to a product (stock included) is announced on channel `catalog_changes`, so
// each replica's in-process catalog cache can apply it. PostgreSQL delivers notifications in commit
// order, and a row's whole state travels in the payload, so applying them in arrival order leaves the
// cache at the last committed state. The sequence number makes each payload unique: PostgreSQL drops a
// payload identical to one already sent in the same transaction (A, B, A would otherwise end at B).
// Bulk loads set `shop.catalog_bulk = 'on'` for their transaction and announce one reload instead of a
// row each; a row too large for a notification (8000 bytes) and a truncate also ask for a reload.
// `at` (ms since the epoch, when the row was written) lets each replica measure how late it applies it.
// `version` counts a row's updates; row locks serialise them, so a higher version is a later commit. A
// replica applies a row only over an older version of it, whether it comes from a notification, a full
// load or its own reserve/release (applied at once, so the writer reads its own write).
export default `
alter table products add column version bigint not null default 0;

create function catalog_version() returns trigger language plpgsql as $$
begin
  new.version := old.version + 1;
  return new;
end
$$;

create trigger products_version before update on products
  for each row execute function catalog_version();

create sequence catalog_change_seq;

create function catalog_announce() returns trigger language plpgsql as $$
declare
  payload text;
begin
  if current_setting('shop.catalog_bulk', true) = 'on' then
    return null;
  end if;
  if tg_op = 'TRUNCATE' then
    payload := json_build_object('n', nextval('catalog_change_seq'), 'op', 'reload')::text;
  elsif tg_op = 'DELETE' then
    payload := json_build_object('n', nextval('catalog_change_seq'), 'op', 'delete', 'id', old.id)::text;
  else
    payload := json_build_object(
      'n', nextval('catalog_change_seq'), 'op', 'upsert', 'at', extract(epoch from clock_timestamp()) * 1000,
      'row', json_build_object(
        'id', new.id, 'sku', new.sku, 'name', new.name, 'description', new.description, 'category', new.category,
        'priceCents', new.price_cents, 'currency', new.currency, 'stock', new.stock), 'version', new.version)::text;
    if octet_length(payload) > 7900 then
      payload := json_build_object('n', nextval('catalog_change_seq'), 'op', 'reload')::text;
    end if;
  end if;
  perform pg_notify('catalog_changes', payload);
  return null;
end
$$;

create trigger products_announce after insert or update or delete on products
  for each row execute function catalog_announce();
create trigger products_announce_truncate after truncate on products
  for each statement execute function catalog_announce();
`;
