// The seeded catalog: 30 products in 5 categories. `on conflict do nothing` keeps it idempotent even if
// it were run again; the migration runner records it so it runs once per database.
export default `
insert into products (id, sku, name, description, category, price_cents, stock) values
  ('p001', 'ELE-0001', 'Wireless Earbuds', 'Bluetooth 5.3 earbuds with 24-hour charging case.', 'electronics', 5999, 40),
  ('p002', 'ELE-0002', 'USB-C Charger 65W', 'Compact GaN charger for laptops and phones.', 'electronics', 3499, 60),
  ('p003', 'ELE-0003', 'Mechanical Keyboard', 'Hot-swappable keyboard with tactile switches.', 'electronics', 8999, 100),
  ('p004', 'ELE-0004', '4K Webcam', 'Autofocus webcam with dual microphones.', 'electronics', 7999, 250),
  ('p005', 'ELE-0005', 'Portable SSD 1TB', 'USB 3.2 solid-state drive, 1050 MB/s.', 'electronics', 10999, 500),
  ('p006', 'ELE-0006', 'Smart Plug', 'Wi-Fi plug with energy monitoring.', 'electronics', 1999, 1000),
  ('p007', 'BOO-0007', 'The Pragmatic Engineer', 'Essays on building software that lasts.', 'books', 3299, 2500),
  ('p008', 'BOO-0008', 'Distributed Systems Basics', 'Consensus, replication and failure, explained.', 'books', 4599, 5000),
  ('p009', 'BOO-0009', 'Cooking for Two', 'Weeknight recipes for small kitchens.', 'books', 2499, 10000),
  ('p010', 'BOO-0010', 'Mountain Trails Atlas', 'Hiking routes across five ranges.', 'books', 2999, 25),
  ('p011', 'BOO-0011', 'Sci-Fi Short Stories', 'An anthology of twenty modern stories.', 'books', 1899, 40),
  ('p012', 'BOO-0012', 'Learn TypeScript', 'From types to generics with exercises.', 'books', 3999, 60),
  ('p013', 'KIT-0013', 'Cast Iron Skillet', 'Pre-seasoned 26 cm skillet.', 'kitchen', 3999, 100),
  ('p014', 'KIT-0014', 'Chef Knife', '20 cm stainless steel chef knife.', 'kitchen', 5499, 250),
  ('p015', 'KIT-0015', 'French Press', '1 litre borosilicate glass press.', 'kitchen', 2799, 500),
  ('p016', 'KIT-0016', 'Bamboo Cutting Board', 'Large reversible board with juice groove.', 'kitchen', 2199, 1000),
  ('p017', 'KIT-0017', 'Espresso Cups (set of 4)', 'Double-walled glass cups.', 'kitchen', 1999, 2500),
  ('p018', 'KIT-0018', 'Silicone Spatula Set', 'Heat-resistant spatulas, three sizes.', 'kitchen', 1299, 5000),
  ('p019', 'OUT-0019', 'Trail Running Shoes', 'Lightweight shoes with grippy outsole.', 'outdoor', 11999, 10000),
  ('p020', 'OUT-0020', 'Insulated Water Bottle', '750 ml bottle keeps drinks cold 24 h.', 'outdoor', 2499, 25),
  ('p021', 'OUT-0021', 'Camping Lantern', 'Rechargeable LED lantern, 400 lumens.', 'outdoor', 3499, 40),
  ('p022', 'OUT-0022', 'Daypack 22L', 'Water-resistant hiking backpack.', 'outdoor', 6999, 60),
  ('p023', 'OUT-0023', 'Trekking Poles', 'Collapsible aluminium poles, pair.', 'outdoor', 4999, 100),
  ('p024', 'OUT-0024', 'Sun Hat', 'Wide-brim hat with UPF 50 fabric.', 'outdoor', 2299, 250),
  ('p025', 'TOY-0025', 'Wooden Puzzle', '100-piece puzzle of a world map.', 'toys', 1599, 500),
  ('p026', 'TOY-0026', 'Building Blocks Set', '500 colourful interlocking bricks.', 'toys', 3999, 1000),
  ('p027', 'TOY-0027', 'Remote Control Car', 'Off-road car with 2.4 GHz remote.', 'toys', 4999, 2500),
  ('p028', 'TOY-0028', 'Plush Fox', 'Soft toy fox, 30 cm.', 'toys', 1499, 5000),
  ('p029', 'TOY-0029', 'Board Game Night', 'Strategy game for 2-5 players.', 'toys', 3499, 10000),
  ('p030', 'TOY-0030', 'Kite', 'Easy-flying delta kite with 50 m line.', 'toys', 1999, 25)
on conflict (id) do nothing;
`;
