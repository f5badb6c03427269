// The script of tab-page.html: the elements, defined in this tab's own realm (its own
// Web Locks client and BroadcastChannel), and the iframe host helper of this tab.
import '../../src/define.js';
import { mountPhone as mountFrame } from '../../src/embed/host.js';

declare global {
  interface Window {
    mountFrame?: typeof mountFrame;
  }
}
window.mountFrame = mountFrame;
