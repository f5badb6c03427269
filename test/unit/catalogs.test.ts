// Every catalog has every English key, translated: a string left in English, or a
// worded string that drops or reorders away one of its parameters, fails here.
import { expect } from '@esm-bundle/chai';
import type { PhoneErrorCode } from '../../src/events/phone-events.js';
import { en } from '../../src/i18n/en.js';
import { LANGUAGES, loadStrings, strings, type Strings } from '../../src/i18n/strings.js';

type Worded = { [K in keyof Strings]: Strings[K] extends (...args: never[]) => string ? K : never }[keyof Strings];

/**
 * Arguments for every worded string, distinctive enough that finding them in the
 * output means the parameter was used. Typed by key: a new worded string in English
 * does not compile until it has a sample here.
 */
const SAMPLES: { [K in Exclude<Worded, 'error'>]: Parameters<Strings[K]> } = {
  statusRegistrationError: [487],
  statusReconnecting: [37],
  nextTryIn: [37],
  incomingFrom: ['Zoë Q'],
  answerCallFrom: ['Zoë Q'],
  declineCallFrom: ['Zoë Q'],
  callWaitingFrom: ['Zoë Q'],
  holdAndAnswerCallFrom: ['Zoë Q'],
  endAndAnswerCallFrom: ['Zoë Q'],
  hangUpCallWith: ['Zoë Q'],
  consultationFor: ['Zoë Q'],
  muteCallWith: ['Zoë Q'],
  recordCallWith: ['Zoë Q'],
  recordingFor: ['12:34'],
  holdCallWith: ['Zoë Q'],
  resumeCallWith: ['Zoë Q'],
  keypadCallWith: ['Zoë Q'],
  transferCallWith: ['Zoë Q'],
  completeTransferOf: ['Zoë Q', '+33 1 23 45 67 89'],
  holdParticipant: ['Zoë Q'],
  resumeParticipant: ['Zoë Q'],
  dropParticipant: ['Zoë Q'],
  addParticipantToCall: ['Zoë Q'],
  videoFrom: ['Zoë Q'],
  stopVideoCallWith: ['Zoë Q'],
  callQuality: [4],
  missedCount: [37],
  voicemailNew: [37],
  unnamedDevice: ['Kind-X', 37],
};
/** Other branches of a worded string (no answer, one of a kind): translated too, though they need not show the argument. */
const BRANCHES: Array<[Worded, unknown[]]> = [
  ['statusRegistrationError', [0]],
  ['missedCount', [1]],
  ['voicemailNew', [1]],
];

/**
 * Strings that are rightly the same as English in one language (a key path, or '*'
 * for all). Keep it tiny: each entry says why.
 */
const SAME_AS_ENGLISH: Record<string, readonly string[]> = {
  // Made of its parameters only ("Microphone 2" is the device's name and its number).
  '*': ['unnamedDevice'],
  // The French words are spelt like the English ones.
  fr: ['participants', 'contacts'],
  // Dutch phones call the call log "Recent", and a camera "camera".
  nl: ['recent', 'devices.camera'],
};

type Entry = [path: string, value: unknown];
/** Every leaf of a catalog by dotted key path, nested groups (callKinds, devices) included. */
function leaves(catalog: object, prefix = ''): Entry[] {
  return Object.entries(catalog).flatMap(([key, value]): Entry[] =>
    value && typeof value === 'object' ? leaves(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value]],
  );
}
const at = (catalog: object, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], catalog);
const call = (fn: unknown, args: readonly unknown[]) => (fn as (...a: unknown[]) => unknown)(...args);

/** Every refusal code: a record, so a new code does not compile until it is listed. */
const ERROR_CODES = Object.keys({
  'invalid-target': true, 'invalid-config': true, 'invalid-header': true, 'invalid-dtmf': true,
  'invalid-state': true, 'transfer-failed': true, 'renegotiation-failed': true, 'not-connected': true,
  'too-many-calls': true, 'media-denied': true, 'ice-servers-failed': true, 'storage-failed': true,
  'transport-error': true, 'recording-failed': true,
} satisfies Record<PhoneErrorCode, true>) as PhoneErrorCode[];

/** Every catalog, loaded as the elements load them. */
const CATALOGS: Record<string, Strings> = Object.fromEntries(await Promise.all(LANGUAGES.map(async (lang) => [lang, await loadStrings(lang)])));
const others = Object.entries(CATALOGS).filter(([, catalog]) => catalog !== en);

describe('catalogs', () => {
  it('ship English, French, German, Spanish, Portuguese, Italian, Dutch and Arabic, by language tag', () => {
    expect([...LANGUAGES].sort()).to.deep.equal(['ar', 'de', 'en', 'es', 'fr', 'it', 'nl', 'pt']);
    for (const [lang, catalog] of others) {
      expect(catalog, lang).to.not.equal(en);
      expect(strings(lang), lang).to.equal(catalog);
      expect(strings(`${lang.toUpperCase()}-XY`), `${lang} with a region`).to.equal(catalog);
    }
  });

  it('has a sample for every worded English string', () => {
    const worded = leaves(en).filter(([, value]) => typeof value === 'function').map(([path]) => path);
    expect([...Object.keys(SAMPLES), 'error'].sort()).to.deep.equal(worded.sort());
  });

  for (const [lang, catalog] of others) {
    describe(lang, () => {
      const same = new Set([...SAME_AS_ENGLISH['*']!, ...(SAME_AS_ENGLISH[lang] ?? [])]);

      it('has exactly the English keys, nested groups included', () => {
        expect(leaves(catalog).map(([path]) => path).sort()).to.deep.equal(leaves(en).map(([path]) => path).sort());
      });

      it('translates every string, leaving none empty or in English', () => {
        for (const [path, english] of leaves(en)) {
          if (typeof english !== 'string') continue;
          const value = at(catalog, path);
          expect(value, path).to.be.a('string');
          expect((value as string).trim(), path).to.not.equal('');
          if (!same.has(path)) expect(value, `${lang} ${path} is still English`).to.not.equal(english);
        }
      });

      it('takes the same parameters in every worded string, and shows each of them', () => {
        for (const [path, args] of Object.entries(SAMPLES)) {
          const fn = at(catalog, path);
          expect(fn, path).to.be.a('function');
          expect((fn as () => string).length, `${path} parameters`).to.equal((at(en, path) as () => string).length);
          const text = call(fn, args);
          expect(text, path).to.be.a('string');
          for (const arg of args) expect(text, `${lang} ${path} shows ${String(arg)}`).to.include(String(arg));
          if (!same.has(path)) expect(text, `${lang} ${path} is still English`).to.not.equal(call(at(en, path), args));
        }
        for (const [path, args] of BRANCHES) {
          const text = call(at(catalog, path), args) as string;
          expect(text.trim(), `${path}(${args.join()})`).to.not.equal('');
          expect(text, `${lang} ${path}(${args.join()}) is still English`).to.not.equal(call(at(en, path), args));
        }
      });

      it('words every refusal by its code, each differently, never echoing the English message', () => {
        const texts = ERROR_CODES.map((code) => catalog.error(code, 'The English message'));
        for (const [index, text] of texts.entries()) {
          expect(text, ERROR_CODES[index]).to.be.a('string').and.not.equal('');
          expect(text, ERROR_CODES[index]).to.not.include('The English message');
        }
        expect(new Set(texts).size, 'one wording per code').to.equal(ERROR_CODES.length);
      });

      it('needs every allowed same-as-English entry (the allow-list does not go stale)', () => {
        for (const path of SAME_AS_ENGLISH[lang] ?? []) {
          expect(at(catalog, path), `${lang} ${path}`).to.equal(at(en, path));
        }
      });
    });
  }
});

// A catalog without a key does not compile: the type, not only this test, guards it.
const { call: _dropped, ...withoutCall } = CATALOGS['de']!;
// @ts-expect-error `call` is missing
const _incomplete: Strings = withoutCall;
void _dropped;
void _incomplete;
