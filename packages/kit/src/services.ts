// The one list of the shop's services and whom each one calls. Pure data: tools, tests, the config and the
// manifest checks read it; a service still imports no other service's runtime code.

export const SHOP_SERVICES = [
  { name: 'product', calls: [] },
  { name: 'cart', calls: ['product', 'user'] },
  { name: 'user', calls: [] },
  { name: 'order', calls: ['cart', 'product', 'user'] },
] as const satisfies readonly { name: string; calls: readonly string[] }[];

export type ServiceName = (typeof SHOP_SERVICES)[number]['name'];

export const SERVICE_NAMES: readonly ServiceName[] = SHOP_SERVICES.map((s) => s.name);

/** The services `name` calls (cart's `user` is its JWKS: token checks). */
export function callsOf(name: string): readonly ServiceName[] {
  return SHOP_SERVICES.find((s) => s.name === name)?.calls ?? [];
}

/** The services in an order where each one's callees come before it (start order). */
export function calleesFirst(): readonly ServiceName[] {
  return [...SHOP_SERVICES].sort((a, b) => a.calls.length - b.calls.length).map((s) => s.name);
}
