// The floor bundle: what the widget cannot do without, and nothing else. bench/run.mjs
// builds it with the CDN build's own Vite settings, so the size and start-up rows
// compare our bundle with the least a Lit + JsSIP phone could ship. Re-exporting keeps
// every import in the bundle (nothing is tree-shaken away). The call set-up rows also
// use its JsSIP for the raw-JsSIP reference.
export { LitElement, html, css } from 'lit';
export { createContext, ContextProvider, ContextConsumer } from '@lit/context';
export { computePosition, autoUpdate, flip, shift, offset } from '@floating-ui/dom';
export { default as JsSIP } from 'jssip';
