/**
 * The CDN entry: everything inlined. Loading it defines the elements; the classic
 * script build also exposes the public API as `window.PhoneElements`.
 */
import '../define.js';
export * from '../index.js';
