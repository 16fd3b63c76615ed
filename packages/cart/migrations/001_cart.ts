// One cart per user: its lines keyed by (user, product). Order removals are remembered per order so a
// retried removal (the mesh retries) never subtracts twice.
export default `
create table cart_items (
  user_id    text not null,
  product_id text not null,
  quantity   int  not null check (quantity between 1 and 99),
  added_at   timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (user_id, product_id)
);

create table cart_order_removals (
  user_id    text not null,
  order_id   text not null,
  removed_at timestamptz not null default now(),
  primary key (user_id, order_id)
);
`;
