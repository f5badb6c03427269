// The flags every headless Chromium of this project runs with: tests, benchmark and
// screenshots. Kept in one place so the three measure and show the same browser.
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox', // we run as root
  '--use-fake-ui-for-media-stream', // grant microphone access without a prompt
  '--use-fake-device-for-media-stream', // a synthetic microphone and camera
  '--allow-loopback-in-peer-connection', // ICE candidates on 127.0.0.1, else calls never connect
  '--autoplay-policy=no-user-gesture-required', // remote audio and tones play without a click
  // Quiet: no background connections, which this closed network would refuse.
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);
