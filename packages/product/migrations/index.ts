import type { Migration } from '@shop/kit';
import catalog from './001_catalog.js';
import seedCatalog from './002_seed_catalog.js';
import catalogChanges from './003_catalog_changes.js';
import hotQueryIndexes from './004_hot_query_indexes.js';

export const migrations: Migration[] = [
  { name: '001_catalog', sql: catalog },
  { name: '002_seed_catalog', sql: seedCatalog },
  { name: '003_catalog_changes', sql: catalogChanges },
  { name: '004_hot_query_indexes', sql: hotQueryIndexes },
];
