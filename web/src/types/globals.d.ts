/// <reference types="vite/client" />

/** Build id injected by vite.config.ts (`define`); sent with client error reports. */
declare const __BUILD_ID__: string;

interface ImportMetaEnv {
  /** Overrides the API base URL (default: same-origin `/api`). */
  readonly VITE_API_BASE?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
