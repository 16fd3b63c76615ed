import type { Migration } from '@shop/kit';
import cart001 from './001_cart.js';

export const migrations: Migration[] = [{ name: '001_cart', sql: cart001 }];
