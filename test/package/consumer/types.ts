// What an npm consumer writes, type-checked against the installed tarball (npm run check:package).
// Each @ts-expect-error is an assertion: the line below it must not compile.
import 'phone-elements/define';
import { PHONE_EVENT_NAMES, type CallEndedDetail, type EndReason, type SoftPhoneElement } from 'phone-elements';
import { attachPhone, mountPhone, type BridgeError, type CallSnapshot, type PhoneSnapshot } from 'phone-elements/host';

const phone: SoftPhoneElement = document.createElement('soft-phone');
phone.server = 'wss://pbx.example.com/ws';
phone.clickToDial = true;

// Event details are typed by event name, on the element and on the document.
phone.addEventListener('phone-call-ended', (e) => e.detail.reason);
phone.addEventListener('phone-call-ended', (e) => {
  const reason: EndReason = e.detail.reason;
  const detail: CallEndedDetail = e.detail;
  return [reason, detail.by, detail.code];
});
document.addEventListener('phone-registered', (e) => e.detail.uri.toUpperCase());
// @ts-expect-error: a call-ended detail has no `uri`
phone.addEventListener('phone-call-ended', (e) => e.detail.uri);
// @ts-expect-error: `reason` is a string union, not a number
phone.addEventListener('phone-call-ended', (e) => e.detail.reason.toFixed());
// @ts-expect-error: a registration detail has no `reason`
document.addEventListener('phone-registered', (e) => e.detail.reason);

// Methods take what the README says.
void phone.call('+1 415 555 1234', { headers: { 'X-Ticket': '42' } });
// @ts-expect-error: a target is a string
void phone.call(4155551234);

const names: readonly string[] = PHONE_EVENT_NAMES;

// The iframe host helper: same typed events, promises for the frame's replies.
const frame = mountPhone(document.body, { src: 'https://phone.example.com/embed.html', origin: 'https://phone.example.com' });
frame.addEventListener('phone-call-ended', (e) => e.detail.reason);
// @ts-expect-error: a call-ended detail has no `uri`
frame.addEventListener('phone-call-ended', (e) => e.detail.uri);
void frame.dial('105').then(({ callId }) => frame.hangup(callId));
void frame.configure({ server: 'wss://pbx.example.com/ws', uri: 'sip:1001@pbx.example.com', password: 'secret' });
// @ts-expect-error: configure needs a server and a SIP address
void frame.configure({ password: 'secret' });
frame.dial('105').catch((error: BridgeError) => error.code);

// Version 2: the state snapshot, and the commands it brought, typed from the command table.
const state: PhoneSnapshot | null = frame.state;
const firstCall: CallSnapshot | undefined = state?.calls[0];
const canHold: boolean | undefined = firstCall?.can.hold;
void frame.attendedTransfer('106').then(({ callId }) => frame.completeTransfer(callId));
void frame.merge().then(({ conferenceId }) => frame.holdConference(conferenceId));
void frame.listDevices().then(({ microphone, selected }) => frame.selectDevice('microphone', selected.microphone ?? microphone[0]!.deviceId));
void frame.send('addParticipant', { target: '107', conferenceId: 'conference-1' });
// @ts-expect-error: a device kind is one of four
void frame.selectDevice('toaster', 'x');
// @ts-expect-error: `send` checks the payload against the command's row
void frame.send('attendedTransfer', { callId: 'x' });
const late = attachPhone(frame.iframe, { origin: 'https://phone.example.com' });
void late.getState().then((now) => now.calls.map((call) => call.state));

export { canHold, names };
