import { SERVICE_NAMES, type ServiceName } from '@shop/kit/services';

/** The shop services that ship as a bundle, by image name `shop/<service>` (the kit's one list). */
export const SERVICES = SERVICE_NAMES;
export type ShopService = ServiceName;

/** The service whose bundle an image runs (`shop/cart:1.0.0` → cart), if any. */
export function serviceOfImage(image: string | undefined): ShopService | undefined {
  const match = /(?:^|\/)shop\/([a-z]+)(?:[:@]|$)/.exec(image ?? '');
  return SERVICES.find((s) => s === match?.[1]);
}
