// Starts rtpengine, the media relay Kamailio uses between a browser (ICE,
// DTLS-SRTP, rtcp-mux) and a plain-RTP phone or carrier. Userspace only: no
// kernel module, no iptables, no config file, no syslog; everything on 127.0.0.1.
//
//   const rtp = await startRtpengine({ ngPort: 25222 });
//   ... kamailio's rtpengine_sock = rtp.ngSocket ...
//   await rtp.stop();
import { startProcess } from './process.mjs';
import { findProgram } from './system.mjs';
import { udpProbe } from './udp-probe.mjs';

const HOST = '127.0.0.1';

/** One ng-protocol "ping" (bencoded, after a cookie); true once rtpengine answers "pong". */
const pings = (port) => udpProbe({ port, request: 'ready d7:command4:pinge', accept: (answer) => answer.toString().endsWith('d6:result4:ponge') });

/**
 * @param {object} options
 * @param {number} options.ngPort UDP port of the ng control protocol
 * @param {number} [options.portMin=28000] first media port
 * @param {number} [options.portMax=28999] last media port
 * @param {string} [options.logFile]
 * @returns {Promise<{ ngSocket: string, stop: () => Promise<unknown> }>}
 */
export async function startRtpengine({ ngPort, portMin = 28000, portMax = 28999, logFile }) {
  const rtpengine = findProgram('rtpengine');
  if (!rtpengine) throw new Error('rtpengine is not installed (see test/sip/system.mjs ensureSystem)');
  const server = await startProcess({
    name: 'rtpengine',
    command: rtpengine,
    args: [
      // Debian's /etc/rtpengine/rtpengine.conf asks for the kernel table and more ports.
      '--config-file=none',
      '--foreground',
      '--table=-1',
      `--interface=${HOST}`,
      `--listen-ng=${HOST}:${ngPort}`,
      `--port-min=${portMin}`,
      `--port-max=${portMax}`,
      // Two cores shared with Chromium: a test call or two needs no more.
      '--num-threads=2',
      // Forget a call as soon as Kamailio deletes it.
      '--delete-delay=0',
      '--log-stderr',
      '--log-level=6',
    ],
    logFile,
    ready: () => pings(ngPort),
  });
  return { ngSocket: `udp:${HOST}:${ngPort}`, stop: server.stop };
}
