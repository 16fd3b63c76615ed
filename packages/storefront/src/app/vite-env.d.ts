/// <reference types="vite/client" />
interface ImportMetaEnv {
  /** Where the API is, when not on the page's own origin (default: same origin). */
  readonly VITE_SHOP_API_BASE?: string;
}
