// Which browser runs the tests (web-test-runner.config.mjs runs every file in Chromium,
// then in Firefox ESR), for the few expectations that are facts of the browser rather
// than of the phone: its fake devices' names, APIs only one of them has.

/** Firefox (Gecko), as its user agent says. */
export const isFirefox = navigator.userAgent.includes('Firefox/');

/**
 * The fake devices each test browser offers once the page has captured (Firefox hides
 * labels and audio outputs before): Chromium's from --use-fake-device-for-media-stream,
 * Firefox's from media.navigator.streams.fake and its mock audio backend.
 */
export const FAKE_DEVICES = isFirefox
  ? {
      microphones: ['Default Audio Device'],
      cameras: ['Default Video Device'],
      outputs: ['Fake Audio Output 1 (PREFERRED)', 'Fake Audio Output 2'],
    }
  : {
      microphones: ['Fake Default Audio Input', 'Fake Audio Input 1', 'Fake Audio Input 2'],
      cameras: ['fake_device_0'],
      outputs: ['Fake Default Audio Output', 'Fake Audio Output 1', 'Fake Audio Output 2'],
    };
