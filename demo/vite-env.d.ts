/// <reference types="vite/client" />
interface ImportMetaEnv {
  readonly VITE_SIP_SERVER?: string;
  readonly VITE_SIP_DOMAIN?: string;
  readonly VITE_SIP_PASSWORD?: string;
}
