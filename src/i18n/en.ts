/**
 * Every piece of text the elements show or announce, in English. Other languages
 * are objects of the same type (`Strings`), so a missing or extra key is a type error.
 * Strings with parameters are functions; they take text that is already clean
 * (the engine strips control characters from names) and return plain text, never markup.
 */
export const en = {
  /** Dialer status line, one per connection/registration state. */
  statusNoPhone: 'Not connected to a phone',
  statusDisconnected: 'Not connected',
  statusConnecting: 'Connecting…',
  statusRegistering: 'Registering…',
  statusUnregistered: 'Connected, not receiving calls',
  statusReady: 'Ready',
  statusRegistrationFailed: 'Registration failed — check your credentials',

  numberLabel: 'Number to call',
  numberPlaceholder: 'Name, number or SIP address',
  keypad: 'Keypad',
  call: 'Call',

  /** Who is calling when the network gave neither a name nor a user. */
  unknownParty: 'Unknown caller',
  incomingFrom: (name: string) => `Incoming call from ${name}`,
  answer: 'Answer',
  answerCallFrom: (name: string) => `Answer call from ${name}`,
  decline: 'Decline',
  declineCallFrom: (name: string) => `Decline call from ${name}`,
  /** A call rings while we talk on another: answering holds or ends that one. */
  callWaitingFrom: (name: string) => `Call waiting from ${name}`,
  holdAndAnswer: 'Hold & answer',
  holdAndAnswerCallFrom: (name: string) => `Hold & answer call from ${name}`,
  endAndAnswer: 'End & answer',
  endAndAnswerCallFrom: (name: string) => `End & answer call from ${name}`,

  calls: 'Calls',
  calling: 'Calling…',
  ringing: 'Ringing…',
  connecting: 'Connecting…',
  connected: 'Connected',
  hangUp: 'Hang up',
  hangUpCallWith: (name: string) => `Hang up call with ${name}`,

  /** In-call states and controls; `name` is the other party of the call. */
  onHold: 'On hold',
  onHoldByRemote: 'On hold by the other party',
  muted: 'Muted',
  transferring: 'Transferring…',
  consultationFor: (name: string) => `Consultation for ${name}`,
  mute: 'Mute',
  muteCallWith: (name: string) => `Mute call with ${name}`,
  hold: 'Hold',
  holdCallWith: (name: string) => `Hold call with ${name}`,
  resume: 'Resume',
  resumeCallWith: (name: string) => `Resume call with ${name}`,
  keypadCallWith: (name: string) => `Keypad for call with ${name}`,
  transfer: 'Transfer',
  transferCallWith: (name: string) => `Transfer call with ${name}`,
  transferTarget: 'Transfer to',
  transferNow: 'Transfer now',
  consultFirst: 'Consult first',
  completeTransfer: 'Complete transfer',
  completeTransferOf: (name: string, to: string) => `Complete transfer of ${name} to ${to}`,
};

export type Strings = typeof en;
