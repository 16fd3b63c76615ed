// Orders, one row per (user, idempotency key). requested_items is the cart snapshot taken before
// reserving, so recovery knows what a crashed request meant; lines and total come from the reservation.
export default `
create table orders (
  id                   text primary key,
  user_id              text not null,
  idempotency_key      text not null,
  status               text not null check (status in ('PENDING', 'CONFIRMED', 'FAILED')),
  requested_items      jsonb not null,
  lines                jsonb not null default '[]'::jsonb,
  total_cents          int  not null default 0 check (total_cents >= 0),
  currency             text not null default 'USD',
  failure_reason       text,
  release_pending      boolean not null default false,
  recovery_lease_until timestamptz,
  created_at           timestamptz not null default date_trunc('milliseconds', clock_timestamp()),
  updated_at           timestamptz not null default now(),
  unique (user_id, idempotency_key)
);

create index orders_by_user_newest on orders (user_id, created_at desc, id desc);
create index orders_pending on orders (created_at) where status = 'PENDING';
create index orders_release_pending on orders (updated_at) where release_pending;
`;
