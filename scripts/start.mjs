// `npm start`: the local Kamailio (the tests' own config) plus the Vite demo page with
// two phones that can call each other. Ctrl-C stops both.
import { createServer } from 'vite';
import { startKamailio } from '../test/sip/kamailio.mjs';
import { ensureSystem } from '../test/sip/system.mjs';

const WS_PORT = Number(process.env.PHONE_DEMO_WS_PORT ?? 5066);
const UDP_PORT = Number(process.env.PHONE_DEMO_UDP_PORT ?? 5060);
const HTTP_PORT = Number(process.env.PHONE_DEMO_PORT ?? 5173);

await ensureSystem({ need: ['kamailio'] });
const sip = await startKamailio({ wsPort: WS_PORT, udpPort: UDP_PORT });

// The demo page reads the server's address from these (import.meta.env).
process.env.VITE_SIP_SERVER = sip.wsUrl;
process.env.VITE_SIP_DOMAIN = sip.domain;
process.env.VITE_SIP_PASSWORD = sip.password;

const server = await createServer({
  root: 'demo',
  envDir: process.cwd(),
  server: { host: '127.0.0.1', port: HTTP_PORT, strictPort: true, fs: { allow: ['..'] } },
});
await server.listen();

const url = `http://127.0.0.1:${HTTP_PORT}/`;
console.log(`
  Phone Elements demo: ${url}
  SIP server (Kamailio): ${sip.wsUrl}  domain ${sip.domain}

  Open the page, then dial "bob" from Alice's phone (or "alice" from Bob's).
  Both phones are on the same page; allow the microphone when the browser asks.
  Ctrl-C stops the demo and the SIP server.
`);

async function shutdown() {
  await server.close();
  await sip.stop();
  process.exit(0);
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
