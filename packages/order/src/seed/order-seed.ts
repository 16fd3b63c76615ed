// A large, deterministic order history made inside PostgreSQL (generate_series: no round trip per row).
// `heavyUsers` get ORDERS_PER_HEAVY_USER orders each (the shopper whose order.list the benchmark pages
// through); the rest are spread evenly over synthetic users seed-user-00001, seed-user-00002, ...

export const ORDERS_PER_HEAVY_USER = 1000;

export interface OrderSeedOptions {
  /** Orders in all (heavy users' included). */
  orders: number;
  /** Distinct users in all (heavy users included). */
  users: number;
  /** Real user ids that get ORDERS_PER_HEAVY_USER orders each. */
  heavyUsers?: readonly string[];
  /** Products the lines point at: p000031 ... in the large catalog seed's numbering. */
  products?: number;
}

export interface SqlSession {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/**
 * Inserts the seeded orders (CONFIRMED, one line each, one every 37 s back in time) in one statement and
 * refreshes the planner's statistics. Idempotent: ids (uuid-shaped, 5eed0000-…) derive from the row number.
 */
export async function seedOrders(session: SqlSession, options: OrderSeedOptions): Promise<void> {
  const heavy = [...(options.heavyUsers ?? [])];
  const heavyOrders = heavy.length * ORDERS_PER_HEAVY_USER;
  const others = Math.max(1, options.users - heavy.length);
  const products = Math.max(1, (options.products ?? 100_000) - 30);
  if (heavyOrders > options.orders) throw new Error(`${heavy.length} heavy users need ${heavyOrders} orders, more than ${options.orders}`);
  // Rows are made in the order of every index on orders (ids, then each user's orders newest first, one
  // user after another), so each index grows at its right edge instead of at random pages: minutes
  // become seconds at 1,000,000 rows.
  await session.query(
    `
with numbered as (
  select g, hashint4(g)::bigint + 2147483648 as h,
    case when g <= $2 then ($1::text[])[(g - 1) / ${ORDERS_PER_HEAVY_USER} + 1]
         else 'seed-user-' || lpad(((g - $2 - 1)::bigint * $3 / greatest($4::int - $2, 1) + 1)::text, 5, '0') end as user_id
  from generate_series(1, $4::int) as g
), priced as (
  select g, user_id, 'p' || lpad(((h % $5) + 31)::text, 6, '0') as product_id,
    (h / 7) % 3 + 1 as quantity, 299 + (h / 1000) % 20000 as unit_price
  from numbered
)
insert into orders (id, user_id, idempotency_key, status, requested_items, lines, total_cents, created_at, updated_at)
select
  '5eed0000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'), user_id, '5eedbeef-0000-4000-8000-' || lpad(to_hex(g), 12, '0'), 'CONFIRMED',
  jsonb_build_array(jsonb_build_object('productId', product_id, 'quantity', quantity)),
  jsonb_build_array(jsonb_build_object('productId', product_id, 'name', 'Seeded product ' || product_id, 'quantity', quantity,
    'unitPriceCents', unit_price, 'lineTotalCents', unit_price * quantity)),
  unit_price * quantity,
  now() - g * interval '37 seconds', now() - g * interval '37 seconds'
from priced
on conflict do nothing
`,
    [heavy, heavyOrders, others, options.orders, products],
  );
  await session.query('analyze orders');
}
