// One UDP request and its answer, for "is the server up yet?" checks of the servers
// the tests start (rtpengine's ng ping, coturn's STUN binding).
import dgram from 'node:dgram';

/**
 * Sends `request` to 127.0.0.1:`port` and resolves with `accept(answer)`, or false when
 * nothing came within `timeoutMs` (or the socket failed).
 * @param {{ port: number, request: Buffer | string, accept: (answer: Buffer) => boolean, timeoutMs?: number }} options
 * @returns {Promise<boolean>}
 */
export function udpProbe({ port, request, accept, timeoutMs = 200 }) {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const done = (ok) => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('message', (message) => done(accept(message)));
    socket.once('error', () => done(false));
    socket.send(request, port, '127.0.0.1');
  });
}
