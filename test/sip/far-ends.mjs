// The far ends a browser test can start and drive through web-test-runner
// commands (test/interop/far-ends.ts is the page side): sipp as the gateway
// to the phone network, baresip as a desk phone. Each instance gets its own
// block of ports; all of them stop on `far-ends-stop` (after each test) and
// with the test run.
import { startBaresip } from './baresip.mjs';
import { startSipp, startSippCall } from './sipp.mjs';

/** Ports 26000–26999, ten per instance, never reused within a run (rtpengine uses 28000+, Chromium 32768+). */
const FIRST_PORT = 26_000;
const PORTS_PER_INSTANCE = 10;
const LAST_PORT = 26_999;

/**
 * @param {() => { udpPort: number, domain: string, password: string, gatewayUser: string }} registrar
 *   the running Kamailio, read when a far end starts
 */
export function farEndsPlugin(registrar) {
  /** @type {Map<string, { stop: () => Promise<unknown> } & Record<string, Function>>} */
  const running = new Map();
  let nextPort = FIRST_PORT;
  let ids = 0;

  function ports() {
    const base = nextPort;
    nextPort += PORTS_PER_INSTANCE;
    if (nextPort > LAST_PORT) throw new Error('far-ends: out of ports for this run');
    return base;
  }
  function get(id) {
    const instance = running.get(id);
    if (!instance) throw new Error(`far-ends: no running far end ${id}`);
    return instance;
  }
  async function stopAll() {
    const instances = [...running.values()];
    running.clear();
    await Promise.all(instances.map((instance) => instance.stop()));
  }

  const commands = {
    /** Starts sipp on a scenario, registered as the gateway. Payload: startSipp's scenario, keys, calls, echo. */
    async 'sipp-start'({ scenario, keys, calls, echo }) {
      const base = ports();
      const sipp = await startSipp({
        scenario,
        keys,
        calls,
        echo,
        port: base,
        mediaPort: base + 2, // and base + 4 for its video echo
        controlPort: base + 6,
        registrar: registrar(),
      });
      const id = `sipp-${++ids}`;
      running.set(id, sipp);
      return { id };
    },
    /** sipp calls `target` from the phone network with a UAC scenario. Payload: startSippCall's scenario, target, keys. */
    async 'sipp-call'({ scenario, target, keys }) {
      const base = ports();
      const sipp = await startSippCall({ scenario, target, keys, port: base, mediaPort: base + 2, controlPort: base + 6, registrar: registrar() });
      const id = `sipp-${++ids}`;
      running.set(id, sipp);
      return { id };
    },
    /** The requests sipp received so far. */
    async 'sipp-received'({ id }) {
      return get(id).received();
    },
    /** Waits for sipp to end by itself; returns its exit status and the requests it received. */
    async 'sipp-finish'({ id, timeoutMs }) {
      const result = await get(id).finish(timeoutMs);
      running.delete(id);
      return result;
    },
    /** Starts baresip registered as `user`, its microphone a `tone` (Hz; 440 unless told). */
    async 'baresip-start'({ user, tone }) {
      const base = ports();
      const phone = await startBaresip({
        user,
        sipPort: base, // and base + 1 for SIP over TLS, which baresip always opens
        ctrlPort: base + 2,
        rtpPorts: [base + 4, base + 9],
        registrar: registrar(),
        tone,
      });
      const id = `baresip-${++ids}`;
      running.set(id, phone);
      return { id, aor: phone.aor };
    },
    async 'baresip-command'({ id, command, params }) {
      return { data: await get(id).command(command, params) };
    },
    /** dB over the local floor of each frequency in what baresip's current call received. */
    async 'baresip-tone-levels'({ id, frequencies, ms }) {
      return get(id).toneLevels(frequencies, ms);
    },
    async 'baresip-event'({ id, type, timeoutMs }) {
      return get(id).nextEvent(type, timeoutMs);
    },
    async 'far-ends-stop'() {
      await stopAll();
      return true;
    },
  };

  return {
    name: 'far-ends',
    async executeCommand({ command, payload }) {
      if (Object.hasOwn(commands, command)) return commands[command](payload ?? {});
      return undefined;
    },
    serverStop: stopAll,
  };
}
