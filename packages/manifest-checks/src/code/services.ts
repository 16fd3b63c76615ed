/** The shop services that ship as a bundle, by image name `shop/<service>`. */
export const SERVICES = ['product', 'cart', 'user', 'order'] as const;
export type ShopService = (typeof SERVICES)[number];

/** The service whose bundle an image runs (`shop/cart:1.0.0` → cart), if any. */
export function serviceOfImage(image: string | undefined): ShopService | undefined {
  const match = /(?:^|\/)shop\/([a-z]+)(?:[:@]|$)/.exec(image ?? '');
  return SERVICES.find((s) => s === match?.[1]);
}
