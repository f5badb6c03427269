import type { PhoneErrorCode } from '../events/phone-events.js';
import type { Strings } from './en.js';

/** What a refusal means, by code: the engine's own messages are in English. */
const ERRORS: Record<PhoneErrorCode, string> = {
  'invalid-target': 'Ce numéro ou cette adresse ne peut pas être composé',
  'invalid-config': 'La configuration du téléphone est invalide',
  'invalid-header': 'Un en-tête SIP est invalide',
  'invalid-dtmf': 'Touches DTMF invalides (0-9, *, #, A-D)',
  'invalid-state': 'Cette action n’est pas possible maintenant',
  'transfer-failed': 'Le transfert a échoué',
  'not-connected': 'Le téléphone n’est pas connecté',
  'too-many-calls': 'Trop d’appels en cours',
  'media-denied': 'Le micro n’est pas accessible',
  'transport-error': 'Erreur de connexion',
  'ice-servers-failed': 'Les serveurs STUN/TURN n’ont pas pu être obtenus',
};

/** French: the language of our first feature source. */
export const fr: Strings = {
  error: (code) => ERRORS[code],
  statusNoPhone: 'Aucun téléphone connecté',
  statusDisconnected: 'Déconnecté',
  statusConnecting: 'Connexion…',
  statusRegistering: 'Enregistrement…',
  statusUnregistered: 'Connecté, appels entrants désactivés',
  statusReady: 'Prêt',
  statusRegistrationFailed: 'Échec de l’enregistrement — vérifiez vos identifiants',
  statusRegistrationError: (code) => (code ? `Échec de l’enregistrement (${code})` : 'Échec de l’enregistrement — le serveur ne répond pas'),
  statusReconnecting: (attempt) => `Reconnexion… tentative ${attempt}`,
  nextTryIn: (seconds) => `, prochain essai dans ${seconds} s`,
  reconnectNow: 'Reconnecter',

  numberLabel: 'Numéro à appeler',
  numberPlaceholder: 'Nom, numéro ou adresse SIP',
  keypad: 'Clavier',
  call: 'Appeler',

  unknownParty: 'Appelant inconnu',
  incomingFrom: (name) => `Appel entrant de ${name}`,
  answer: 'Répondre',
  answerCallFrom: (name) => `Répondre à l’appel de ${name}`,
  decline: 'Refuser',
  declineCallFrom: (name) => `Refuser l’appel de ${name}`,
  callWaitingFrom: (name) => `Double appel de ${name}`,
  holdAndAnswer: 'Attente et réponse',
  holdAndAnswerCallFrom: (name) => `Mettre en attente et répondre à ${name}`,
  endAndAnswer: 'Raccrocher et répondre',
  endAndAnswerCallFrom: (name) => `Raccrocher et répondre à ${name}`,

  calls: 'Appels',
  calling: 'Appel en cours…',
  ringing: 'Ça sonne…',
  connecting: 'Connexion…',
  connected: 'En communication',
  hangUp: 'Raccrocher',
  hangUpCallWith: (name) => `Raccrocher l’appel avec ${name}`,

  onHold: 'En attente',
  onHoldByRemote: 'Mis en attente par votre correspondant',
  muted: 'Micro coupé',
  transferring: 'Transfert…',
  consultationFor: (name) => `Consultation pour ${name}`,
  mute: 'Couper le micro',
  muteCallWith: (name) => `Couper le micro de l’appel avec ${name}`,
  hold: 'Attente',
  holdCallWith: (name) => `Mettre en attente l’appel avec ${name}`,
  resume: 'Reprendre',
  resumeCallWith: (name) => `Reprendre l’appel avec ${name}`,
  keypadCallWith: (name) => `Clavier de l’appel avec ${name}`,
  transfer: 'Transférer',
  transferCallWith: (name) => `Transférer l’appel avec ${name}`,
  transferTarget: 'Transférer vers',
  transferNow: 'Transférer',
  consultFirst: 'Consulter d’abord',
  completeTransfer: 'Terminer le transfert',
  completeTransferOf: (name, to) => `Transférer ${name} vers ${to}`,

  videoFrom: (name) => `Vidéo de ${name}`,
  yourVideo: 'Votre caméra',
  stopVideo: 'Couper la vidéo',
  stopVideoCallWith: (name) => `Couper la vidéo de l’appel avec ${name}`,
  callQuality: (bars) => `Qualité de l’appel : ${bars} sur 5`,
  noInboundAudio: 'Aucun son de votre correspondant — vérifiez la connexion',

  enableSound: 'Cliquez pour activer le son',
  notifyMe: 'M’avertir des appels',

  settings: 'Réglages',
  deviceSettings: 'Réglages audio et vidéo',
  devices: { microphone: 'Micro', camera: 'Caméra', speaker: 'Haut-parleur', ringer: 'Sonnerie' },
  unnamedDevice: (kind, position) => `${kind} ${position}`,

};
