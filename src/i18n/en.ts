import type { PhoneErrorCode } from '../events/phone-events.js';

/**
 * Every piece of text the elements show or announce, in English. Other languages
 * are objects of the same type (`Strings`), so a missing or extra key is a type error.
 * Strings with parameters are functions; they take text that is already clean
 * (the engine strips control characters from names) and return plain text, never markup.
 */
export const en = {
  /** Why an action was refused: the engine's own message is English already; other languages word it by `code`. */
  error: (_code: PhoneErrorCode, message: string) => message,
  /** Dialer status line, one per connection/registration state. */
  statusNoPhone: 'Not connected to a phone',
  statusDisconnected: 'Not connected',
  statusConnecting: 'Connecting…',
  statusRegistering: 'Registering…',
  statusUnregistered: 'Connected, not receiving calls',
  statusReady: 'Ready',
  /** The server refused our credentials (401/403). */
  statusRegistrationFailed: 'Registration failed — check your credentials',
  /** Any other refusal; `code` 0 means no answer came. */
  statusRegistrationError: (code: number) => (code ? `Registration failed (${code})` : 'Registration failed — no answer from the server'),
  /** The connection dropped; `attempt` numbers the next try as phone-connecting does (the first connection was 1). */
  statusReconnecting: (attempt: number) => `Reconnecting… attempt ${attempt}`,
  /** Follows statusReconnecting: the countdown to that attempt. */
  nextTryIn: (seconds: number) => `, next try in ${seconds}s`,
  reconnectNow: 'Reconnect now',

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
  /** The call's media broke and the phone is bringing it back (ICE restart). */
  callReconnecting: 'Reconnecting…',
  muted: 'Muted',
  transferring: 'Transferring…',
  consultationFor: (name: string) => `Consultation for ${name}`,
  mute: 'Mute',
  muteCallWith: (name: string) => `Mute call with ${name}`,
  record: 'Record',
  recordCallWith: (name: string) => `Record call with ${name}`,
  /** The recording indicator: "Recording 0:42". */
  recordingFor: (duration: string) => `Recording ${duration}`,
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

  /** Conferences: the merge button, the conference row and its participants (`name` is one of them). */
  merge: 'Merge',
  mergeCalls: 'Merge calls into a conference',
  conference: 'Conference',
  participants: 'Participants',
  muteConference: 'Mute conference',
  holdConference: 'Hold conference',
  resumeConference: 'Resume conference',
  hangUpConference: 'Hang up conference',
  holdParticipant: (name: string) => `Hold ${name}`,
  resumeParticipant: (name: string) => `Resume ${name}`,
  drop: 'Drop',
  dropParticipant: (name: string) => `Drop ${name}`,
  addParticipant: 'Add',
  addParticipantToCall: (name: string) => `Add participant to call with ${name}`,
  addParticipantToConference: 'Add participant to conference',
  participantTarget: 'Add to the conversation',
  addNow: 'Add',

  /** Video calls: the pictures and the camera toggle (pressed while the camera is off). */
  videoFrom: (name: string) => `Video from ${name}`,
  yourVideo: 'Your camera',
  stopVideo: 'Stop video',
  stopVideoCallWith: (name: string) => `Stop video for call with ${name}`,
  /** The quality indicator's accessible name; `bars` is 1 to 5. */
  callQuality: (bars: number) => `Call quality: ${bars} of 5`,
  noInboundAudio: 'No audio from the other side — check the connection',

  /** The browser keeps the ringtone silent until the page is clicked (autoplay policy). */
  enableSound: 'Click to enable sound',
  notifyMe: 'Notify me of calls',

  /** The default layout's tabs, and the call log (`<phone-history>`). */
  views: 'Phone views',
  /** While a call rings or is up: unfolds the dialer and its tabs. */
  newCall: 'New call',
  /** Before statusReconnecting in the default layout's banner. */
  connectionLost: 'Connection lost.',
  /** A follower tab (issue 17): the call's sound is in the tab that holds the phone. */
  audioElsewhere: 'Audio is playing in another tab',
  recent: 'Recent',
  recentCalls: 'Recent calls',
  noRecentCalls: 'No recent calls',
  /** The missed-calls badge, since the list was last seen. */
  missedCount: (count: number) => `${count} missed`,
  callKinds: { outgoing: 'Outgoing', incoming: 'Incoming', missed: 'Missed' },
  /** An outgoing call that was never answered, where a duration would be. */
  notAnswered: 'Not answered',
  /** Read before an entry of the call log (not shown): the entry calls the party again. */
  callBack: 'Call back',

  /** The watched users' list (`<phone-contacts>`): busy lamps. */
  contacts: 'Contacts',
  noContacts: 'No contacts',
  /** Read before a contact's name (not shown): the entry calls them. */
  callContact: 'Call',
  /** Each lamp in words: the colour is never the only sign. */
  presenceStates: { idle: 'Available', ringing: 'Ringing', busy: 'Busy', offline: 'Offline', unknown: 'Unknown' },

  /** The dialer's Voicemail button (`voicemail-uri`), and its count of new messages. */
  voicemail: 'Voicemail',
  voicemailNew: (count: number) => `${count} new`,

  /** The device settings popover of the dialer. */
  settings: 'Settings',
  deviceSettings: 'Audio and video settings',
  devices: { microphone: 'Microphone', camera: 'Camera', speaker: 'Speaker', ringer: 'Ringer' },
  /** A device the browser does not name yet (before the microphone was allowed): "Microphone 2". */
  unnamedDevice: (kind: string, position: number) => `${kind} ${position}`,

  /** Do not disturb: the dialer's toggle (pressed while on) and its status line. */
  doNotDisturb: 'Do not disturb',
  /** The caller ID chooser of the dialer (`caller-ids`). */
  callAs: 'Call as',
  defaultCallerId: 'My own number',
};

export type Strings = typeof en;
