import { startLocalServer, type LocalServer } from '@shop/kit/testing';
import { SHOP_SERVICES, repoRoot, type ShopServiceName } from './shop-layout.js';

/** The one PostgreSQL server of `pnpm dev`: under `.data/postgres`, a database per service. */
export interface ShopDatabase {
  server: LocalServer;
  /** DATABASE_URL of one service's database. */
  urlOf(service: ShopServiceName): string;
}

export const databaseName = (service: ShopServiceName) => `shop_${service}`;

export async function startShopDatabase(dataRoot = `${repoRoot}.data`): Promise<ShopDatabase> {
  const server = await startLocalServer({
    dataDir: `${dataRoot}/postgres`,
    port: Number(process.env.SHOP_DB_PORT ?? 5433),
    databases: SHOP_SERVICES.map((s) => databaseName(s.name)),
  });
  return { server, urlOf: (service) => server.urlOf(databaseName(service)) };
}
