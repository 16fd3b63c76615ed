import type { Migration } from '@shop/kit';
import orders001 from './001_orders.js';

export const migrations: Migration[] = [{ name: '001_orders', sql: orders001 }];
