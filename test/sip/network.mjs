// Network faults for the reliability tests, driven through web-test-runner
// commands (test/helpers/network.ts is the page side):
//
// - a TCP proxy between the browser and Kamailio whose open connections can be
//   frozen: they stop forwarding both ways without closing, like a NAT that
//   forgot its mapping (a half-open socket); new connections still go through.
//   It can also delay every chunk, for a slow signalling path.
// - loss and delay on the loopback of the test's network namespace: netem when
//   the kernel has it, else 10 % random loss with iptables (no delay), else
//   nothing, with the reason. Only ever inside the namespace in-netns.mjs made:
//   never on the machine's own loopback.
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { findProgram } from './system.mjs';

const HOST = '127.0.0.1';
/** The namespaces scripts/in-netns.mjs creates are named pe-<pid>. */
export const TEST_NETNS = /^pe-\d+$/;

/**
 * Starts a proxy on a free port that forwards to `targetPort`.
 * @param {{ targetPort: number, delayMs?: number }} options
 * @returns {Promise<{ port: number, freeze: () => number, stop: () => Promise<void> }>}
 */
async function startTcpProxy({ targetPort, delayMs = 0 }) {
  const connections = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, HOST);
    const connection = { client, upstream, frozen: false };
    connections.add(connection);
    const forward = (from, to) =>
      from.on('data', (chunk) => {
        // Frozen: the bytes vanish and nobody is told, as on a dead path.
        if (connection.frozen) return;
        if (delayMs > 0) setTimeout(() => to.write(chunk), delayMs);
        else to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    const close = () => {
      connections.delete(connection);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('error', close);
      // A frozen connection must not pass on a close either.
      socket.on('end', () => connection.frozen || close());
    }
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, HOST, resolve));
  return {
    port: server.address().port,
    /** Freezes every open connection; returns how many. */
    freeze() {
      for (const connection of connections) connection.frozen = true;
      return connections.size;
    },
    async stop() {
      for (const { client, upstream } of connections) {
        client.destroy();
        upstream.destroy();
      }
      connections.clear();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function run(program, args) {
  const result = spawnSync(program, args, { encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stderr ?? ''}${result.stdout ?? ''}`.trim() || String(result.error ?? '') };
}

/** The network namespace we run in, or undefined (the machine's own network). */
export function currentNetns() {
  const ip = findProgram('ip');
  return ip ? run(ip, ['netns', 'identify', String(process.pid)]).output.split('\n')[0] : undefined;
}

/**
 * Makes the namespace's loopback lossy and slow.
 * @param {{ lossPercent: number, delayMs: number, sipPort: number }} options
 * @returns {{ applied: 'netem' | 'iptables' | null, detail: string, dropped: () => number, restore: () => void }}
 */
function impairLoopback({ lossPercent, delayMs, sipPort }) {
  const none = (detail) => ({ applied: null, detail, dropped: () => 0, restore: () => undefined });
  const netns = currentNetns();
  if (!netns || !TEST_NETNS.test(netns)) {
    return none('not inside the tests\' own network namespace (run as root through scripts/in-netns.mjs); the machine\'s loopback is never touched');
  }
  const tc = findProgram('tc');
  const netem = tc
    ? run(tc, ['qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'loss', `${lossPercent}%`, 'delay', `${delayMs}ms`])
    : { ok: false, output: '`tc` is not installed' };
  if (netem.ok) {
    return {
      applied: 'netem',
      detail: `tc netem on lo: loss ${lossPercent}%, delay ${delayMs} ms each way`,
      dropped: () => Number(/dropped (\d+)/.exec(run(tc, ['-s', 'qdisc', 'show', 'dev', 'lo']).output)?.[1] ?? 0),
      restore: () => run(tc, ['qdisc', 'del', 'dev', 'lo', 'root']),
    };
  }
  // Without netem (a kernel built without sch_netem), iptables still drops at random:
  // all UDP (media, ICE) and the SIP WebSocket both ways. It cannot delay.
  const iptables = findProgram('iptables');
  if (!iptables) return none(`netem failed (${netem.output}) and iptables is not installed`);
  const probability = String(lossPercent / 100);
  const rules = [
    ['-p', 'udp'],
    ['-p', 'tcp', '--dport', String(sipPort)],
    ['-p', 'tcp', '--sport', String(sipPort)],
  ].map((match) => ['INPUT', ...match, '-m', 'statistic', '--mode', 'random', '--probability', probability, '-j', 'DROP']);
  const restore = () => rules.forEach((rule) => run(iptables, ['-D', ...rule]));
  for (const rule of rules) {
    const added = run(iptables, ['-A', ...rule]);
    if (!added.ok) {
      restore();
      return none(`netem failed (${netem.output}) and iptables failed (${added.output})`);
    }
  }
  return {
    applied: 'iptables',
    detail: `netem unavailable (${netem.output}); iptables drops ${lossPercent}% of UDP and SIP packets at random, no added delay`,
    // The packet counters of our rules: the first column of each.
    dropped: () =>
      run(iptables, ['-L', 'INPUT', '-v', '-n', '-x'])
        .output.split('\n')
        .filter((line) => line.includes('statistic mode random'))
        .reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[0]), 0),
    restore,
  };
}

/**
 * Cuts the media and nothing else: drops every UDP packet on the namespace's loopback
 * (RTP, RTCP, STUN: all of ICE) except those to or from `keepPorts` (the SIP servers'
 * UDP ports, rtpengine's control port). The browsers' signalling is a WebSocket, TCP,
 * and goes on, so a call's dialog stays up while its media is gone.
 * @param {{ keepPorts: number[] }} options
 * @returns {{ applied: 'iptables' | null, detail: string, dropped: () => number, restore: () => void }}
 */
function cutMedia({ keepPorts }) {
  const none = (detail) => ({ applied: null, detail, dropped: () => 0, restore: () => undefined });
  const netns = currentNetns();
  if (!netns || !TEST_NETNS.test(netns)) {
    return none('not inside the tests\' own network namespace (run as root through scripts/in-netns.mjs); the machine\'s loopback is never touched');
  }
  // Both address families: Firefox also gathers candidates on ::1.
  const tools = ['iptables', 'ip6tables'].map(findProgram);
  if (!tools.every(Boolean)) return none('iptables is not installed');
  const ports = keepPorts.join(',');
  const rule = ['INPUT', '-i', 'lo', '-p', 'udp', '-m', 'multiport', '!', '--dports', ports, '-m', 'multiport', '!', '--sports', ports, '-j', 'DROP'];
  for (const tool of tools) {
    const added = run(tool, ['-A', ...rule]);
    if (!added.ok) return none(`${tool} failed (${added.output})`);
  }
  return {
    applied: 'iptables',
    detail: `iptables and ip6tables drop all UDP on lo except ports ${ports} (SIP over UDP); the WebSocket (TCP) is untouched`,
    dropped: () =>
      tools
        .flatMap((tool) => run(tool, ['-L', 'INPUT', '-v', '-n', '-x']).output.split('\n'))
        .filter((line) => line.includes('DROP') && line.includes('multiport'))
        .reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[0]), 0),
    restore: () => tools.forEach((tool) => run(tool, ['-D', ...rule])),
  };
}

/**
 * web-test-runner commands: `proxy-start`, `proxy-freeze`, `proxy-stop`, `network-impair`,
 * `network-cut-media` (UDP except SIP; see `cutMedia`), `network-restore` (answers how many
 * packets were dropped meanwhile, and undoes either).
 * @param {{ signallingUdpPorts?: () => number[] }} [options] the UDP ports `network-cut-media` leaves open
 */
export function networkPlugin({ signallingUdpPorts = () => [] } = {}) {
  const proxies = new Map();
  let impairment;
  let ids = 0;
  const restore = () => {
    impairment?.restore();
    impairment = undefined;
  };
  const stopProxies = async () => {
    const running = [...proxies.values()];
    proxies.clear();
    await Promise.all(running.map((proxy) => proxy.stop()));
  };
  const commands = {
    async 'proxy-start'({ targetPort, delayMs }) {
      const proxy = await startTcpProxy({ targetPort, delayMs });
      const id = `proxy-${++ids}`;
      proxies.set(id, proxy);
      return { id, port: proxy.port };
    },
    async 'proxy-freeze'({ id }) {
      return proxies.get(id)?.freeze() ?? 0;
    },
    async 'proxy-stop'() {
      await stopProxies();
      return true;
    },
    async 'network-impair'(options) {
      restore();
      impairment = impairLoopback(options);
      return { applied: impairment.applied, detail: impairment.detail };
    },
    async 'network-cut-media'() {
      restore();
      impairment = cutMedia({ keepPorts: signallingUdpPorts() });
      return { applied: impairment.applied, detail: impairment.detail };
    },
    async 'network-restore'() {
      const dropped = impairment?.dropped() ?? 0;
      restore();
      return { dropped };
    },
  };
  return {
    name: 'network-faults',
    async executeCommand({ command, payload }) {
      if (Object.hasOwn(commands, command)) return commands[command](payload ?? {});
      return undefined;
    },
    async serverStop() {
      restore();
      await stopProxies();
    },
  };
}
