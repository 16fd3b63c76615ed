// Programmatic use (tests, the bench): the same run the CLI does.
export { parseOptions, usage, OptionsError, LOCAL_URLS, type LoadOptions, type Targets } from './options.js';
export { startLoad, type RunHandle } from './run.js';
export { Stats, summarise, type ProcedureSummary, type LatencySummary } from './stats.js';
export { smokeVerdict, type LoadSummary } from './summary.js';
export { formatSummary } from './report/summary-text.js';
export { BEHAVIOURS, DEFAULT_MIX, PROCEDURES, type Behaviour, type Procedure } from './mix.js';
export { createShopClients, type ShopClients, type Session } from './clients.js';
