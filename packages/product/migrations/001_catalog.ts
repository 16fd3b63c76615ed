// Catalog and reservations. A reservation row per orderId makes reserve/release idempotent;
// a row that is 'released' with no lines is a tombstone: release arrived before its reserve.
export default `
create table products (
  id text primary key,
  sku text not null unique,
  name text not null,
  description text not null,
  category text not null,
  price_cents int not null check (price_cents >= 0),
  currency text not null default 'USD',
  stock int not null check (stock >= 0),
  created_at timestamptz not null default now()
);
create index products_category_id_idx on products (category, id);

create table reservations (
  order_id text primary key,
  status text not null check (status in ('reserved', 'released')),
  created_at timestamptz not null default now(),
  released_at timestamptz
);

create table reservation_lines (
  order_id text not null references reservations (order_id),
  position int not null,
  product_id text not null references products (id),
  name text not null,
  quantity int not null check (quantity > 0),
  unit_price_cents int not null check (unit_price_cents >= 0),
  primary key (order_id, position)
);
`;
