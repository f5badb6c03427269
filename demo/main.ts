import '../src/define.js';
import { PHONE_EVENT_NAMES } from '../src/events/phone-events.js';

const server = import.meta.env.VITE_SIP_SERVER ?? 'ws://127.0.0.1:5066';
const domain = import.meta.env.VITE_SIP_DOMAIN ?? 'example.test';
const password = import.meta.env.VITE_SIP_PASSWORD ?? 'phone-elements-test';

for (const phone of document.querySelectorAll('soft-phone')) {
  phone.password = password;
  phone.uri = `sip:${phone.id}@${domain}`;
  phone.server = server;
}

// Every phone-* event of every phone, newest first: what a host page can listen to.
const log = document.querySelector('#log')!;
for (const name of PHONE_EVENT_NAMES) {
  document.addEventListener(name, (event) => {
    const source = (event.target as HTMLElement).id || 'your phone';
    const entry = document.createElement('li');
    entry.textContent = `${source}: ${name} ${JSON.stringify(event.detail)}`;
    log.prepend(entry);
    while (log.childElementCount > 50) log.lastElementChild!.remove();
  });
}

document.querySelector<HTMLFormElement>('#own-server')!.addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  const phone = document.createElement('soft-phone');
  for (const [name, value] of form) {
    if (name === 'password') phone.password = String(value);
    else if (value) phone.setAttribute(name, String(value));
  }
  document.querySelector('#own-phone')!.replaceChildren(phone);
});
