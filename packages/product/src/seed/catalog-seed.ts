// A large, deterministic catalog made inside PostgreSQL (generate_series: seconds for 100,000 rows, no
// round trip per row). Names, categories and prices come from word lists and hashint4 of the row number,
// so every run makes the same catalog. Ids continue after the 30 seeded products: p000031, p000032, ...

/** Categories beside the five of the small seed; each has nouns that read right in it. */
const CATEGORIES: Record<string, readonly string[]> = {
  electronics: ['Headphones', 'Charger', 'Keyboard', 'Webcam', 'Speaker', 'Monitor', 'Router', 'Power Bank', 'Smartwatch', 'Mouse'],
  books: ['Novel', 'Cookbook', 'Atlas', 'Guide', 'Anthology', 'Biography', 'Handbook', 'Workbook', 'Memoir', 'Field Notes'],
  kitchen: ['Skillet', 'Knife', 'French Press', 'Cutting Board', 'Kettle', 'Saucepan', 'Mixing Bowl', 'Spatula', 'Teapot', 'Grater'],
  outdoor: ['Backpack', 'Tent', 'Lantern', 'Water Bottle', 'Sleeping Bag', 'Trekking Poles', 'Hammock', 'Compass', 'Rain Jacket', 'Stove'],
  toys: ['Puzzle', 'Building Set', 'Kite', 'Plush Bear', 'Board Game', 'Train Set', 'Yo-Yo', 'Doll House', 'Spinning Top', 'Marble Run'],
  garden: ['Trowel', 'Watering Can', 'Planter', 'Pruning Shears', 'Hose Reel', 'Bird Feeder', 'Seed Tray', 'Rake', 'Wheelbarrow', 'Gloves'],
  sports: ['Yoga Mat', 'Dumbbell', 'Jump Rope', 'Football', 'Tennis Racket', 'Cycling Helmet', 'Swim Goggles', 'Kettlebell', 'Resistance Band', 'Running Belt'],
  office: ['Notebook', 'Desk Lamp', 'Fountain Pen', 'Stapler', 'Desk Organizer', 'Whiteboard', 'Paper Tray', 'Monitor Stand', 'Planner', 'Label Maker'],
  home: ['Throw Blanket', 'Cushion', 'Candle', 'Vase', 'Wall Clock', 'Picture Frame', 'Rug', 'Laundry Basket', 'Doormat', 'Table Lamp'],
  pets: ['Dog Bed', 'Cat Tree', 'Leash', 'Food Bowl', 'Chew Toy', 'Litter Box', 'Pet Carrier', 'Grooming Brush', 'Collar', 'Aquarium'],
};

const ADJECTIVES = ['Classic', 'Compact', 'Deluxe', 'Everyday', 'Foldable', 'Heavy-Duty', 'Lightweight', 'Modern', 'Portable', 'Premium', 'Rustic', 'Smart', 'Sturdy', 'Vintage', 'Wireless', 'Ergonomic'];
const MATERIALS = ['Bamboo', 'Steel', 'Oak', 'Cotton', 'Ceramic', 'Aluminium', 'Walnut', 'Linen', 'Glass', 'Recycled', 'Copper', 'Wool'];
const FEATURES = [
  'built to last for years',
  'easy to clean',
  'with a two-year warranty',
  'packed in plastic-free cardboard',
  'a favourite of our customers',
  'designed in small batches',
  'light enough to carry anywhere',
  'made to be repaired',
];

const list = (words: readonly string[]) => `array[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(', ')}]`;

/** The ids the large seed makes for `total` products in all (the 30 of migration 002 included). */
export function seededProductId(n: number): string {
  return `p${String(n).padStart(6, '0')}`;
}

/**
 * One statement that fills the catalog up to `total` products. Idempotent (`on conflict do nothing`).
 * Run inside a transaction with `shop.catalog_bulk = 'on'` (see `seedCatalog`).
 */
export function catalogSeedSql(total: number): string {
  const categories = Object.keys(CATEGORIES);
  const nouns = categories.flatMap((c) => CATEGORIES[c] as readonly string[]);
  return `
with numbered as (
  select g, hashint4(g)::bigint + 2147483648 as h, (g % ${categories.length}) as c from generate_series(31, ${total}) as g
), worded as (
  select g, h,
    (${list(categories)})[c + 1] as category,
    (${list(ADJECTIVES)})[(h % ${ADJECTIVES.length}) + 1] as adjective,
    (${list(MATERIALS)})[((h / 16) % ${MATERIALS.length}) + 1] as material,
    (${list(nouns)})[c * 10 + ((h / 256) % 10) + 1] as noun,
    (${list(FEATURES)})[((h / 4096) % ${FEATURES.length}) + 1] as feature
  from numbered
)
insert into products (id, sku, name, description, category, price_cents, stock)
select
  'p' || lpad(g::text, 6, '0'),
  upper(left(category, 3)) || '-' || lpad(g::text, 6, '0'),
  adjective || ' ' || material || ' ' || noun,
  adjective || ' ' || lower(noun) || ' in ' || lower(material) || ', ' || feature || '.',
  category,
  -- Most things cost a few dollars to a few tens; a few cost hundreds.
  299 + ((h / 65536) % 100) * ((h / 65536) % 100) * 5 + (h % 100),
  (h / 1024) % 500 + 5
from worded
on conflict (id) do nothing
`;
}

export interface SqlSession {
  query(text: string): Promise<unknown>;
}

/**
 * Fills the catalog up to `total` products in one transaction, announced to the replicas' caches as
 * one reload rather than a notification per row, then refreshes the planner's statistics.
 */
export async function seedCatalog(session: SqlSession, total: number): Promise<void> {
  await session.query('begin');
  try {
    await session.query(`set local shop.catalog_bulk = 'on'`);
    await session.query(catalogSeedSql(total));
    await session.query(`select pg_notify('catalog_changes', '{"n":0,"op":"reload"}')`);
    await session.query('commit');
  } catch (err) {
    await session.query('rollback');
    throw err;
  }
  await session.query('analyze products');
}
