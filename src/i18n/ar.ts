import type { PhoneErrorCode } from '../events/phone-events.js';
import type { Strings } from './en.js';

/** What a refusal means, by code: the engine's own messages are in English. */
const ERRORS: Record<PhoneErrorCode, string> = {
  'invalid-target': 'لا يمكن الاتصال بهذا الرقم أو العنوان',
  'invalid-config': 'إعدادات الهاتف غير صالحة',
  'invalid-header': 'إحدى ترويسات SIP غير صالحة',
  'invalid-dtmf': 'مفاتيح DTMF غير صالحة (0-9 و* و# وA-D)',
  'invalid-state': 'هذا الإجراء غير ممكن الآن',
  'transfer-failed': 'فشل تحويل المكالمة',
  'renegotiation-failed': 'تعذّر تعديل المكالمة، وهي مستمرة كما كانت',
  'not-connected': 'الهاتف غير متصل',
  'too-many-calls': 'عدد المكالمات الجارية كبير جدًا',
  'media-denied': 'تعذّر الوصول إلى الميكروفون',
  'transport-error': 'خطأ في الاتصال',
  'ice-servers-failed': 'تعذّر الحصول على خوادم STUN/TURN',
  'storage-failed': 'تعذّرت قراءة سجل المكالمات أو حفظه',
  'recording-failed': 'فشل التسجيل',
};

/**
 * A name or address inside Arabic text, between Unicode isolates (FSI … PDI): a Latin
 * name, a number or a SIP address keeps its own direction and does not reorder the
 * Arabic words around it. Screen readers skip these invisible characters.
 */
const iso = (text: string) => `\u2068${text}\u2069`;

/** Arabic (Modern Standard), the right-to-left language: pair `lang="ar"` with `dir="rtl"`. */
export const ar: Strings = {
  error: (code) => ERRORS[code],
  statusNoPhone: 'لا يوجد هاتف متصل',
  statusDisconnected: 'غير متصل',
  statusConnecting: 'جارٍ الاتصال…',
  statusRegistering: 'جارٍ التسجيل…',
  statusUnregistered: 'متصل، ولا يستقبل المكالمات',
  statusReady: 'جاهز',
  statusRegistrationFailed: 'فشل التسجيل — تحقّق من بيانات الدخول',
  statusRegistrationError: (code) => (code ? `فشل التسجيل (${code})` : 'فشل التسجيل — لا يوجد رد من الخادم'),
  statusReconnecting: (attempt) => `جارٍ إعادة الاتصال… المحاولة ${attempt}`,
  nextTryIn: (seconds) => `، المحاولة التالية بعد ${seconds} ث`,
  reconnectNow: 'أعد الاتصال الآن',

  numberLabel: 'الرقم المطلوب',
  numberPlaceholder: 'الاسم أو الرقم أو عنوان SIP',
  keypad: 'لوحة الأرقام',
  call: 'اتصال',

  unknownParty: 'متصل مجهول',
  incomingFrom: (name) => `مكالمة واردة من ${iso(name)}`,
  answer: 'رد',
  answerCallFrom: (name) => `الرد على مكالمة ${iso(name)}`,
  decline: 'رفض',
  declineCallFrom: (name) => `رفض مكالمة ${iso(name)}`,
  callWaitingFrom: (name) => `مكالمة في الانتظار من ${iso(name)}`,
  holdAndAnswer: 'تعليق ورد',
  holdAndAnswerCallFrom: (name) => `تعليق المكالمة الحالية والرد على ${iso(name)}`,
  endAndAnswer: 'إنهاء ورد',
  endAndAnswerCallFrom: (name) => `إنهاء المكالمة الحالية والرد على ${iso(name)}`,

  calls: 'المكالمات',
  calling: 'جارٍ الطلب…',
  ringing: 'يرن…',
  connecting: 'جارٍ الاتصال…',
  connected: 'متصل',
  hangUp: 'إنهاء',
  hangUpCallWith: (name) => `إنهاء المكالمة مع ${iso(name)}`,

  onHold: 'قيد الانتظار',
  onHoldByRemote: 'وضعك الطرف الآخر قيد الانتظار',
  callReconnecting: 'جارٍ إعادة الاتصال…',
  muted: 'الميكروفون مكتوم',
  transferring: 'جارٍ التحويل…',
  consultationFor: (name) => `استشارة بشأن ${iso(name)}`,
  mute: 'كتم',
  muteCallWith: (name) => `كتم الصوت في المكالمة مع ${iso(name)}`,
  record: 'تسجيل',
  recordCallWith: (name) => `تسجيل المكالمة مع ${iso(name)}`,
  recordingFor: (duration) => `جارٍ التسجيل ${iso(duration)}`,
  hold: 'تعليق',
  holdCallWith: (name) => `تعليق المكالمة مع ${iso(name)}`,
  resume: 'استئناف',
  resumeCallWith: (name) => `استئناف المكالمة مع ${iso(name)}`,
  keypadCallWith: (name) => `لوحة الأرقام للمكالمة مع ${iso(name)}`,
  transfer: 'تحويل',
  transferCallWith: (name) => `تحويل المكالمة مع ${iso(name)}`,
  transferTarget: 'التحويل إلى',
  transferNow: 'حوِّل الآن',
  consultFirst: 'استشر أولًا',
  completeTransfer: 'إتمام التحويل',
  completeTransferOf: (name, to) => `إتمام تحويل ${iso(name)} إلى ${iso(to)}`,

  merge: 'دمج',
  mergeCalls: 'دمج المكالمات في مكالمة جماعية',
  conference: 'مكالمة جماعية',
  participants: 'المشاركون',
  muteConference: 'كتم الصوت في المكالمة الجماعية',
  holdConference: 'تعليق المكالمة الجماعية',
  resumeConference: 'استئناف المكالمة الجماعية',
  hangUpConference: 'إنهاء المكالمة الجماعية',
  holdParticipant: (name) => `تعليق ${iso(name)}`,
  resumeParticipant: (name) => `استئناف ${iso(name)}`,
  drop: 'إخراج',
  dropParticipant: (name) => `إخراج ${iso(name)}`,
  addParticipant: 'إضافة',
  addParticipantToCall: (name) => `إضافة مشارك إلى المكالمة مع ${iso(name)}`,
  addParticipantToConference: 'إضافة مشارك إلى المكالمة الجماعية',
  participantTarget: 'إضافة إلى المحادثة',
  addNow: 'إضافة',

  videoFrom: (name) => `الفيديو من ${iso(name)}`,
  yourVideo: 'الكاميرا الخاصة بك',
  stopVideo: 'إيقاف الفيديو',
  stopVideoCallWith: (name) => `إيقاف الفيديو في المكالمة مع ${iso(name)}`,
  callQuality: (bars) => `جودة المكالمة: ${bars} من 5`,
  noInboundAudio: 'لا يصل صوت من الطرف الآخر — تحقّق من الاتصال',

  enableSound: 'انقر لتفعيل الصوت',
  notifyMe: 'أعلمني بالمكالمات',

  views: 'طرق عرض الهاتف',
  recent: 'الأخيرة',
  recentCalls: 'المكالمات الأخيرة',
  noRecentCalls: 'لا توجد مكالمات أخيرة',
  missedCount: (count) => `${count} فائتة`,
  callKinds: { outgoing: 'صادرة', incoming: 'واردة', missed: 'فائتة' },
  notAnswered: 'لم يُرَدّ عليها',
  callBack: 'معاودة الاتصال',

  settings: 'الإعدادات',
  deviceSettings: 'إعدادات الصوت والفيديو',
  devices: { microphone: 'الميكروفون', camera: 'الكاميرا', speaker: 'مكبّر الصوت', ringer: 'الرنين' },
  unnamedDevice: (kind, position) => `${kind} ${position}`,
};
