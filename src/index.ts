/** The npm entry: classes, engine and types, with no side effects. Define the elements with `phone-elements/define`. */
export { SoftPhoneElement } from './components/soft-phone/soft-phone.js';
export { PhoneDialerElement } from './components/phone-dialer/phone-dialer.js';
export { PhoneIncomingElement } from './components/phone-incoming/phone-incoming.js';
export { PhoneCallElement } from './components/phone-call/phone-call.js';
export { phoneContext } from './context.js';
export { PhoneController } from './engine/phone-controller.js';
export type { CallOptions, ConnectionState, RegistrationState, RoomOptions } from './engine/phone-controller.js';
export { PhoneCall } from './engine/phone-call.js';
export type { AnswerOptions, RejectReason } from './engine/phone-call.js';
export { CallStateError } from './engine/call-state.js';
export type { CallState } from './engine/call-state.js';
export { PhoneError } from './engine/phone-error.js';
export { CONFIG_FIELDS, CONFIG_KEYS } from './engine/config.js';
export type { ConfigKey, PhoneConfig } from './engine/config.js';
export { normalizeTarget } from './engine/targets.js';
export { PHONE_EVENTS, PHONE_EVENT_NAMES } from './events/phone-events.js';
export type * from './events/phone-events.js';
