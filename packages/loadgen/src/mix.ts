/**
 * What a shopper does between requests, and how often. Mostly browsing, some cart work, a few
 * checkouts: roughly the shape of a shop's real traffic, so the dashboards show a familiar picture.
 */
export const BEHAVIOURS = [
  'browse',
  'search',
  'view',
  'addToCart',
  'changeQuantity',
  'removeItem',
  'viewCart',
  'abandonCart',
  'checkout',
  'orderHistory',
  'profile',
  'login',
] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];
export type Mix = Record<Behaviour, number>;

export const DEFAULT_MIX: Mix = {
  browse: 30,
  search: 12,
  view: 25,
  addToCart: 9,
  changeQuantity: 3,
  removeItem: 2,
  viewCart: 8,
  abandonCart: 1,
  checkout: 4,
  orderHistory: 3,
  profile: 2,
  login: 1,
};

/**
 * A new shopper's first visit touches every behaviour once, so even a short bounded run (a smoke
 * test) exercises every procedure; the weighted mix takes over afterwards.
 */
export const FIRST_VISIT: readonly Behaviour[] = [
  'browse',
  'search',
  'view',
  'addToCart',
  'addToCart',
  'changeQuantity',
  'viewCart',
  'checkout',
  'orderHistory',
  'profile',
  'login',
  'addToCart',
  'removeItem',
  'addToCart',
  'abandonCart',
];

/** Every procedure the loadgen calls; the summary lists them in this order. */
export const PROCEDURES = [
  'user.register',
  'user.login',
  'user.me',
  'product.list',
  'product.get',
  'cart.get',
  'cart.addItem',
  'cart.setQuantity',
  'cart.removeItem',
  'cart.clear',
  'order.create',
  'order.get',
  'order.list',
] as const;
export type Procedure = (typeof PROCEDURES)[number];
