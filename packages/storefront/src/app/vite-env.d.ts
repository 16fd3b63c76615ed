/// <reference types="vite/client" />
interface ImportMetaEnv {
  /** Where the API is, when not on the page's own origin (default: same origin). */
  readonly VITE_SHOP_API_BASE?: string;
  /** Share (0–1) of browser-started traces marked sampled in their traceparent (default 1). */
  readonly VITE_TRACE_SAMPLE_RATIO?: string;
}
