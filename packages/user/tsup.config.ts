import { defineConfig } from 'tsup';
import { serviceBundle } from '@shop/kit/bundle';

export default defineConfig(serviceBundle());
