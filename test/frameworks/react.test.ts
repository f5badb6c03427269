// A React 19 app uses <soft-phone> as any element: React sets its props as properties
// (so the password never becomes an attribute) and `onphone-…` props listen to its
// events. The app registers, places a real call, and renders state from the events.
import { expect } from '@esm-bundle/chai';
import { createElement, useRef, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { SoftPhoneElement } from '../../src/components/soft-phone/soft-phone.js';
import type { CallIncomingDetail, PhoneEvent } from '../../src/events/phone-events.js';
import { mountPhone, unmountAll } from '../helpers/phones.js';
import { sipConfig, uniqueUser, waitFor } from '../helpers/sip.js';

interface AppProps {
  user: string;
  callee: string;
  clickToDial: boolean;
}

function App({ user, callee, clickToDial }: AppProps) {
  const { wsUrl, domain, password } = sipConfig();
  const phone = useRef<SoftPhoneElement>(null);
  const [status, setStatus] = useState('signing in');
  return createElement(
    'div',
    null,
    createElement('soft-phone', {
      ref: phone,
      server: wsUrl,
      uri: `sip:${user}@${domain}`,
      password,
      displayName: 'React',
      iceGatheringTimeout: 500,
      clickToDial,
      'onphone-registered': (event: PhoneEvent<'phone-registered'>) => setStatus(`registered as ${event.detail.uri}`),
      'onphone-call-ended': (event: PhoneEvent<'phone-call-ended'>) => setStatus(`call ended: ${event.detail.reason}`),
    }),
    createElement('button', { onClick: () => void phone.current!.call(callee) }, 'Call'),
    createElement('output', null, status),
  );
}

describe('React 19', () => {
  let container: HTMLElement;
  let root: Root;

  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
  });

  afterEach(async () => {
    const phone = container.querySelector('soft-phone');
    root.unmount();
    container.remove();
    if (phone) await waitFor(() => phone.controller.connection === 'disconnected', { message: 'the React phone to disconnect' });
    await unmountAll();
  });

  it('sets properties on <soft-phone> and updates its state from phone-* events', async () => {
    const callee = await mountPhone('callee');
    const user = uniqueUser('react');
    const output = () => container.querySelector('output')?.textContent ?? '';
    root.render(createElement(App, { user, callee: callee.user, clickToDial: false }));

    await waitFor(() => output().startsWith('registered'), { message: 'React to render the registration' });
    expect(output()).to.equal(`registered as sip:${user}@${sipConfig().domain}`);
    const phone = container.querySelector('soft-phone')!;
    expect(phone.iceGatheringTimeout).to.equal(500); // a number: set as a property, not an attribute
    expect(phone.hasAttribute('password')).to.equal(false);
    expect(phone.displayName).to.equal('React');

    // A changed prop reaches the element as a property too.
    root.render(createElement(App, { user, callee: callee.user, clickToDial: true }));
    await waitFor(() => phone.clickToDial, { message: 'the new clickToDial' });

    container.querySelector('button')!.click();
    const incoming = await callee.events.waitFor<CallIncomingDetail>('phone-call-incoming');
    callee.el.getCall(incoming.detail.callId)!.reject();
    await waitFor(() => output() === 'call ended: rejected', { message: 'React to render the end of the call' });
  });
});
