// Video calls between two real widgets: the browser's fake camera on both sides,
// frames decoded both ways, the pictures in <phone-call>, and the camera toggle.
import { expect } from '@esm-bundle/chai';
import { expectNoAxeViolations } from '../helpers/fake-phone.js';
import { control, mountPhone, unmountAll } from '../helpers/phones.js';
import { waitFor } from '../helpers/sip.js';
import { expectFramesDecoding, videoCall } from '../helpers/video.js';

/** Average brightness (0–255) of what a video element shows now. */
function brightness(video: HTMLVideoElement): number {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 48;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += (data[i]! + data[i + 1]! + data[i + 2]!) / 3;
  return sum / (data.length / 4);
}

describe('video calls', () => {
  afterEach(unmountAll);

  it('decodes frames both ways and shows both pictures, muted, with our own mirrored', async () => {
    const alice = await mountPhone('alice');
    const bob = await mountPhone('bob');
    const { outgoing, incoming } = await videoCall(alice, bob);
    expect(outgoing.video && incoming.video).to.equal(true);
    await expectFramesDecoding(outgoing.peerConnection!, 'alice');
    await expectFramesDecoding(incoming.peerConnection!, 'bob');

    for (const [phone, call] of [[alice, outgoing], [bob, incoming]] as const) {
      const remote = await control<HTMLVideoElement>(phone, 'phone-call', 'remote-video');
      const local = await control<HTMLVideoElement>(phone, 'phone-call', 'local-video');
      expect(remote.srcObject === call.remoteStream && local.srcObject === call.localStream, 'the call streams shown').to.equal(true);
      // Their sound plays through the phone's own audio element: the videos stay silent.
      expect([remote.muted, local.muted]).to.deep.equal([true, true]);
      // The attributes, not the playsInline property, which Firefox does not implement (it reads undefined there).
      expect([remote.autoplay, remote.hasAttribute('playsinline'), local.hasAttribute('playsinline')]).to.deep.equal([true, true, true]);
      expect(getComputedStyle(local).transform).to.equal('matrix(-1, 0, 0, 1, 0, 0)');
      await waitFor(() => remote.videoWidth > 0 && !remote.paused, { message: `${phone.user}'s remote picture playing` });
    }
    await expectNoAxeViolations(alice.el.shadowRoot!.querySelector('phone-call')!);
  });

  it('turns the camera off and on: the far end sees black, then the picture again', async () => {
    const alice = await mountPhone('alice');
    const bob = await mountPhone('bob');
    const { outgoing } = await videoCall(alice, bob);
    const picture = await control<HTMLVideoElement>(bob, 'phone-call', 'remote-video');
    await waitFor(() => picture.videoWidth > 0 && brightness(picture) > 20, { message: "alice's picture at bob" });

    const camera = await control<HTMLButtonElement>(alice, 'phone-call', 'camera-button');
    expect(camera.getAttribute('aria-pressed')).to.equal('false');
    expect(camera.getAttribute('aria-label')).to.match(/^Stop video for call with bob-/);
    camera.click();
    await waitFor(() => camera.getAttribute('aria-pressed') === 'true', { message: 'the toggle pressed' });
    expect(outgoing.cameraOn).to.equal(false);
    const sender = outgoing.peerConnection!.getSenders().find((candidate) => candidate.track?.kind === 'video')!;
    expect(sender.track!.enabled).to.equal(false);
    // A disabled track still sends frames, all black: Bob's picture goes dark.
    await waitFor(() => brightness(picture) < 5, { timeout: 5000, message: "alice's picture to go black at bob" });

    camera.click();
    await waitFor(() => outgoing.cameraOn && camera.getAttribute('aria-pressed') === 'false', { message: 'the camera back on' });
    await waitFor(() => brightness(picture) > 20, { timeout: 5000, message: "alice's picture back at bob" });
  });

  it('shows no video parts on an audio call', async () => {
    const alice = await mountPhone('alice');
    const bob = await mountPhone('bob');
    await alice.el.call(bob.user);
    await bob.events.waitFor('phone-call-incoming');
    (await control<HTMLButtonElement>(bob, 'phone-incoming', 'answer-button')).click();
    await alice.events.waitFor('phone-call-established');
    await control(alice, 'phone-call', 'hangup-button');
    const view = alice.el.shadowRoot!.querySelector('phone-call')!.shadowRoot!;
    expect(view.querySelectorAll('video, [part~="camera-button"], [part~="media"]')).to.have.length(0);
  });
});
