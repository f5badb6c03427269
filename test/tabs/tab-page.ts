// The script of tab-page.html: the elements, defined in this tab's own realm (its own
// Web Locks client and BroadcastChannel), and the iframe host helper of this tab.
import '../../src/define.js';
import { mountPhone as mountFrame } from '../../src/embed/host.js';

declare global {
  interface Window {
    mountFrame?: typeof mountFrame;
    /** How many WebSockets this tab opened: a follower must open none. */
    socketsOpened?: number;
  }
}
window.mountFrame = mountFrame;

// Counts the SIP sockets (not the test server's own), and changes nothing else: each is the browser's own WebSocket.
window.socketsOpened = 0;
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    if ([protocols].flat().includes('sip')) window.socketsOpened! += 1;
  }
};
