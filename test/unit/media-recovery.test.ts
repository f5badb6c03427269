import { expect } from '@esm-bundle/chai';
import { MediaRecovery, type MediaRecoveryTiming } from '../../src/engine/media-recovery.js';
import { glareDelay } from '../../src/engine/reoffer.js';

const TIMING: MediaRecoveryTiming = { graceMs: 2000, retryMs: [4000, 8000], followMs: 2000, tickMs: 5, giveUpAfterMs: 60_000 };

/** A recovery on a clock the test moves; ticks run on real (5 ms) timers. */
function harness({ answer = true, canRestart = (): boolean => true } = {}) {
  let clock = 0;
  const log: string[] = [];
  const recovery = new MediaRecovery(
    {
      restart: async () => {
        log.push(`restart@${clock}`);
        return answer;
      },
      canRestart,
      reconnecting: () => log.push(`reconnecting@${clock}`),
      reconnected: () => log.push(`reconnected@${clock}`),
      giveUp: () => log.push(`give-up@${clock}`),
    },
    TIMING,
    () => clock,
  );
  const advance = async (ms: number) => {
    // What is under way (a restart being answered) settles at the time it started.
    await new Promise((resolve) => setTimeout(resolve, 0));
    clock += ms;
    await new Promise((resolve) => setTimeout(resolve, 25));
  };
  return { recovery, log, advance };
}

describe('MediaRecovery', () => {
  it('leaves a short `disconnected` alone: ICE often heals by itself', async () => {
    const { recovery, log, advance } = harness();
    recovery.iceStateChanged('disconnected');
    await advance(1900);
    recovery.iceStateChanged('connected');
    await advance(5000);
    expect(log).to.deep.equal([]);
    recovery.stop();
  });

  it('restarts ICE once the grace period is over, reports reconnecting, then reconnected', async () => {
    const { recovery, log, advance } = harness();
    recovery.iceStateChanged('disconnected');
    await advance(2000);
    expect(log).to.deep.equal(['reconnecting@2000', 'restart@2000']);
    expect(recovery.reconnecting).to.equal(true);
    recovery.iceStateChanged('checking');
    recovery.iceStateChanged('connected');
    expect(log.at(-1)).to.equal('reconnected@2000');
    expect(recovery.reconnecting).to.equal(false);
    recovery.stop();
  });

  it('acts on `failed` at once', async () => {
    const { recovery, log } = harness();
    recovery.iceStateChanged('failed');
    expect(log).to.deep.equal(['reconnecting@0', 'restart@0']);
    recovery.stop();
  });

  it('tries again with growing pauses while the media stays broken, then gives up', async () => {
    const { recovery, log, advance } = harness({ answer: false });
    recovery.iceStateChanged('failed');
    await advance(3900);
    expect(log.filter((entry) => entry.startsWith('restart'))).to.have.length(1);
    await advance(100);
    expect(log.at(-1)).to.equal('restart@4000');
    await advance(7900);
    expect(log.at(-1)).to.equal('restart@4000');
    await advance(100);
    expect(log.at(-1)).to.equal('restart@12000');
    // The last pause repeats.
    await advance(8000);
    expect(log.at(-1)).to.equal('restart@20000');
    await advance(40_000);
    expect(log.at(-1)).to.equal('give-up@60000');
    await advance(20_000);
    expect(log.at(-1), 'nothing after giving up').to.equal('give-up@60000');
  });

  it('waits while another re-INVITE is on the wire, and counts a restart from the far end', async () => {
    let busy = true;
    const { recovery, log, advance } = harness({ canRestart: () => !busy });
    recovery.iceStateChanged('disconnected');
    await advance(2500);
    expect(log).to.deep.equal(['reconnecting@2500']);
    // The far end restarted ICE meanwhile: ours would be a second one.
    recovery.remoteRestarted();
    busy = false;
    // The far end's own next try would come 4 s after its restart: ours follows 2 s later.
    await advance(5900);
    expect(log).to.deep.equal(['reconnecting@2500']);
    await advance(100);
    expect(log.at(-1)).to.equal('restart@8500');
    recovery.stop();
  });

  it('follows a far end that keeps restarting, never restarting at the same moment', async () => {
    const { recovery, log, advance } = harness();
    recovery.iceStateChanged('failed');
    await advance(0);
    expect(log).to.deep.equal(['reconnecting@0', 'restart@0']);
    // The far end restarts too (2 s later) and again on its schedule: 4 s, then 8 s.
    await advance(2000);
    recovery.remoteRestarted();
    await advance(4000);
    recovery.remoteRestarted();
    await advance(7900);
    recovery.remoteRestarted();
    expect(log.filter((entry) => entry.startsWith('restart')), 'ours waits while the far end leads').to.have.length(1);
    // The far end stops trying: ours comes when its next try would have (8 s, the last pause), plus 2 s.
    await advance(9900);
    expect(log.filter((entry) => entry.startsWith('restart'))).to.have.length(1);
    await advance(100);
    expect(log.at(-1)).to.equal('restart@23900');
    recovery.stop();
  });

  it('does nothing more once stopped (the call ended)', async () => {
    const { recovery, log, advance } = harness();
    recovery.iceStateChanged('disconnected');
    recovery.stop();
    await advance(10_000);
    recovery.iceStateChanged('failed');
    expect(log).to.deep.equal([]);
  });
});

describe('glareDelay (RFC 3261 §14.1)', () => {
  it('is 2.1–4 s for the owner of the Call-ID and 0–2 s for the other side', () => {
    expect(glareDelay(true, () => 0)).to.equal(2100);
    expect(glareDelay(true, () => 1)).to.equal(4000);
    expect(glareDelay(false, () => 0)).to.equal(0);
    expect(glareDelay(false, () => 1)).to.equal(2000);
  });
});
