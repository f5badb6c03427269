#!/usr/bin/env node
// `npm run bench`: what the widget costs a host page and how fast its calls get going,
// every figure beside a reference measured in the same run (issue 3). Prints a Markdown
// table and writes bench/results.json. Slow timings never fail the run; errors do.
//
// It installs what is missing and builds (dist/ and the floor bundle), then runs itself
// again inside a fresh loopback-only network namespace (scripts/in-netns.mjs), where it
// starts Kamailio, a STUN server that never answers, coturn as one that does (behind a
// loopback NAT), a static server for bench/pages and headless Chromium.
import { spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { build, loadConfigFromFile } from 'vite';
import { runInNetns } from '../scripts/in-netns.mjs';
import { CHROMIUM_ARGS as SHARED_CHROMIUM_ARGS } from '../test/sip/chromium.mjs';
import { startCoturn } from '../test/sip/coturn.mjs';
import { currentNetns, TEST_NETNS } from '../test/sip/network.mjs';
import { measureBytes } from '../scripts/sizes.mjs';
import { startKamailio } from '../test/sip/kamailio.mjs';
import { chromiumPath, ensureSystem, findProgram } from '../test/sip/system.mjs';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));

const INSIDE_FLAG = '--in-netns';
// Ports of their own, so a bench can run beside the tests (25066) and the demo (5066).
const WS_PORT = 35066;
const UDP_PORT = 35060;
const STUN_PORT = 35478;
const COTURN_PORT = 35479;
const COTURN_RELAY_PORTS = { relayMin: 35500, relayMax: 35599 };
/** Where the namespace's NAT makes STUN requests to coturn come from (see reflexiveStun). */
const NAT_ADDRESS = '127.0.0.2';
const HTTP_PORT = 35080;
const ORIGIN = `http://127.0.0.1:${HTTP_PORT}`;

const BUNDLE = 'dist/phone-elements.js';
/** What the ES bundle loads on first use (vite.config.ts), relative to itself. */
const CHUNKS = 'dist/phone-elements';
const IIFE = 'dist/phone-elements.iife.js';
const FLOOR = '.tmp/bench/floor.js';
const RESULTS = 'bench/results.json';

const RUNS = { startup: 15, setup: 15, stunSetup: 3, answer: 11, calls: 100, lifecycles: 3, crowd: 20 };
/**
 * How long the 20-phones pages sit idle while their main-thread time is measured: two
 * rounds of our keep-alive OPTIONS (every 15 s by default; nearly all of our phones'
 * idle script time), whatever their phase. 20 s would hold one round or two, by chance.
 */
const IDLE_MS = 30_000;
/** The widget's ice-gathering-timeout in the unreachable-STUN rows (its default). */
const ICE_TIMEOUT_MS = 1000;
/** Raw JsSIP waits ~40 s for an unreachable STUN server; we stop waiting here. */
const RAW_STUN_CAP_MS = 10_000;
/** Each 100-call loop (ours, raw JsSIP) stops early, and says so, past this. */
const CALLS_BUDGET_MS = 90_000;

// The test runner's flags (web-test-runner.config.mjs), plus window.gc() for the heap rows.
const CHROMIUM_ARGS = [...SHARED_CHROMIUM_ARGS, '--js-flags=--expose-gc'];

const say = (text) => console.log(`bench: ${text}`);

/**
 * Runs each measurement once unmeasured (first getUserMedia, JIT warm-up), then `runs`
 * times interleaved, alternating which goes first so both see the same machine load.
 * Returns the samples of each, in `measurements`' order.
 */
async function interleaved(runs, measurements, { warmUp = true } = {}) {
  if (warmUp) for (const measure of measurements) await measure();
  const samples = measurements.map(() => []);
  for (let i = 0; i < runs; i++) {
    const order = measurements.map((_, index) => index);
    if (i % 2) order.reverse();
    for (const index of order) samples[index].push(await measurements[index]());
  }
  return samples;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// ---------------------------------------------------------------- outside the namespace

/** The floor entry (bench/floor.js) through the CDN build's own Vite settings, ES format only. */
async function buildFloor() {
  const { config } = await loadConfigFromFile({ command: 'build', mode: 'cdn' }, 'vite.config.ts');
  await build({
    ...config,
    configFile: false,
    mode: 'cdn',
    logLevel: 'warn',
    build: {
      ...config.build,
      outDir: path.dirname(FLOOR),
      emptyOutDir: true,
      lib: { ...config.build.lib, entry: 'bench/floor.js', formats: ['es'], fileName: () => path.basename(FLOOR) },
    },
  });
}

async function prepare() {
  // apt-get may need the network: before entering the namespace.
  await ensureSystem({ need: ['chromium', 'kamailio', 'coturn', 'iptables'] });
  say('building dist/ (npm run build) and the floor bundle');
  const built = spawnSync('npm', ['run', '--silent', 'build'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}${built.stderr}`);
  await buildFloor();
  return runInNetns(process.execPath, [fileURLToPath(import.meta.url), INSIDE_FLAG]);
}

// ----------------------------------------------------------------- inside the namespace

/** Serves bench/pages and the two bundles from memory, never cached by the browser. */
function serve() {
  const files = new Map([
    ['/phone-elements.js', readFileSync(BUNDLE)],
    ...readdirSync(CHUNKS).map((file) => [`/phone-elements/${file}`, readFileSync(path.join(CHUNKS, file))]),
    ['/floor.js', readFileSync(FLOOR)],
    ...['startup.html', 'lab.html', 'lab.js'].map((name) => [`/${name}`, readFileSync(`bench/pages/${name}`)]),
  ]);
  const server = http.createServer((request, response) => {
    const { pathname } = new URL(request.url, ORIGIN);
    const body = files.get(pathname);
    if (!body) return response.writeHead(404).end();
    const type = pathname.endsWith('.html') ? 'text/html' : 'text/javascript';
    response.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' }).end(body);
  });
  return new Promise((resolve) => server.listen(HTTP_PORT, '127.0.0.1', () => resolve(server)));
}

/** A STUN server on loopback that swallows every request: "unreachable" without leaving the machine. */
function stunSink() {
  const socket = dgram.createSocket('udp4');
  let requests = 0;
  socket.on('message', () => requests++);
  return new Promise((resolve) =>
    socket.bind(STUN_PORT, '127.0.0.1', () => resolve({ url: `stun:127.0.0.1:${STUN_PORT}`, requests: () => requests, close: () => socket.close() })),
  );
}

/**
 * coturn as a STUN server that answers. On bare loopback the address it reports is the
 * host candidate itself (127.0.0.1:port), which Chromium drops as a duplicate, so no
 * srflx candidate would ever appear. Here UDP towards it leaves from NAT_ADDRESS
 * instead (an iptables SNAT rule), as from behind a NAT: coturn then reports
 * 127.0.0.2:port, a server-reflexive address distinct from the host one. Only inside
 * the bench's own namespace (the machine's tables are never touched); elsewhere it
 * returns why not.
 */
async function reflexiveStun() {
  const netns = currentNetns();
  if (!netns || !TEST_NETNS.test(netns)) return { why: 'not inside the bench\'s own network namespace (run as root)' };
  const iptables = findProgram('iptables');
  const nat = (...args) => spawnSync(iptables, ['-t', 'nat', ...args], { encoding: 'utf8' });
  const rule = ['POSTROUTING', '-p', 'udp', '-d', '127.0.0.1', '--dport', String(COTURN_PORT), '-j', 'SNAT', '--to-source', NAT_ADDRESS];
  const turn = await startCoturn({ port: COTURN_PORT, ...COTURN_RELAY_PORTS });
  const added = nat('-A', ...rule);
  if (added.status !== 0) {
    await turn.stop();
    throw new Error(`iptables SNAT rule failed: ${added.stderr}`);
  }
  return {
    servers: [{ urls: turn.stunUrl }],
    // A NAT rule sees the first packet of each flow only: one per browser socket that asked.
    flows: () => Number(nat('-L', 'POSTROUTING', '-v', '-n', '-x').stdout.split('\n').find((line) => line.includes(`to:${NAT_ADDRESS}`))?.trim().split(/\s+/)[0] ?? 0),
    stop: async () => {
      nat('-D', ...rule);
      await turn.stop();
    },
  };
}

/** A fresh context with the calls page (`query`: its options), pointed at the bench's Kamailio. Page errors are collected. */
async function openLab(browser, sip, errors, query = '') {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    errors.push(error.message);
    console.error(`bench: page error: ${error.message}`);
  });
  await page.goto(`${ORIGIN}/lab.html${query}`);
  await page.waitForFunction(() => window.lab);
  await page.evaluate((settings) => lab.useServer(settings), sip);
  return { page, close: () => context.close() };
}

/** The page's JS heap after full garbage collections, in bytes. */
async function heapAfterGc(page) {
  await page.evaluate(() => lab.gc());
  return (await page.metrics()).JSHeapUsedSize;
}

/** Figures of a row; `capped` marks a reference that is only a lower bound. */
function row(measure, unit, ours, reference, versus, { target, met, capped = false } = {}) {
  return { measure, unit, ours, reference, versus, ratio: reference ? ours / reference : null, capped, target, met };
}

function sizeRows() {
  const ours = measureBytes(BUNDLE);
  const floor = measureBytes(FLOOR);
  const iife = measureBytes(IIFE);
  const chunks = readdirSync(CHUNKS);
  const lazy = chunks.reduce((sum, file) => sum + measureBytes(path.join(CHUNKS, file)).brotli, 0);
  const ratio = 1.15;
  const { sizeBudget } = JSON.parse(readFileSync('package.json', 'utf8'));
  const budget = sizeBudget[IIFE];
  return [
    row('Size, ES bundle, initial chunk, brotli 11', 'B', ours.brotli, floor.brotli, 'floor bundle', { target: `≤ ${ratio}×`, met: ours.brotli <= floor.brotli * ratio }),
    row('Size, ES bundle, initial chunk, gzip -9', 'B', ours.gzip, floor.gzip, 'floor bundle'),
    row('Size, ES bundle, initial chunk, minified', 'B', ours.raw, floor.raw, 'floor bundle'),
    row(`Size, ES bundle, chunks loaded on first use (${chunks.length}), brotli 11`, 'B', lazy, floor.brotli, 'floor bundle'),
    row('Size, IIFE bundle (everything), brotli 11', 'B', iife.brotli, floor.brotli, 'floor bundle', {
      target: `≤ ${budget.toLocaleString('en-US')} B budget`,
      met: iife.brotli <= budget,
    }),
  ];
}

async function startupRows(browser) {
  const once = async (bundle) => {
    const context = await browser.createBrowserContext();
    try {
      const page = await context.newPage();
      await page.setCacheEnabled(false);
      await page.goto(`${ORIGIN}/startup.html?bundle=${bundle}`);
      return await page.evaluate(() => window.startup);
    } finally {
      await context.close();
    }
  };
  // Every run is a cold start: no warm-up.
  const [ours, floor] = await interleaved(RUNS.startup, [() => once('/phone-elements.js'), () => once('/floor.js')], { warmUp: false });
  const samples = { ours, floor };
  say(`start-up: ours ${median(samples.ours).toFixed(1)} ms, floor ${median(samples.floor).toFixed(1)} ms`);
  return {
    rows: [
      row(`Start-up: load → Call button (median of ${RUNS.startup})`, 'ms', median(samples.ours), median(samples.floor), 'floor bundle evaluated', {
        target: '≤ 1.2×',
        met: median(samples.ours) <= 1.2 * median(samples.floor),
      }),
    ],
    samples,
  };
}

async function callRows(browser, sip, stun, reflexive, errors) {
  const lab = await openLab(browser, sip, errors);
  const { page } = lab;
  try {
    const stunServers = [{ urls: stun.url }];
    await page.evaluate(
      (servers, timeout, reflexiveServers) =>
        Promise.all([
          lab.mount('alice'),
          lab.mount('alice-stun', { 'ice-servers': JSON.stringify(servers), 'ice-gathering-timeout': String(timeout) }),
          lab.mount('bob'),
          lab.agent('carol'),
          lab.agent('dave'),
          ...(reflexiveServers ? [lab.mount('alice-srflx', { 'ice-servers': JSON.stringify(reflexiveServers) }), lab.agent('carol-srflx')] : []),
        ]),
      stunServers,
      ICE_TIMEOUT_MS,
      reflexive.servers,
    );

    const samples = {};
    [samples.setup, samples.rawSetup] = await interleaved(RUNS.setup, [
      () => page.evaluate(() => lab.setup('alice', 'bob')),
      () => page.evaluate(() => lab.rawSetup('carol', 'bob', [])),
    ]);
    say(`call set-up: ours ${median(samples.setup).toFixed(1)} ms, raw JsSIP ${median(samples.rawSetup).toFixed(1)} ms`);

    samples.stunSetup = [];
    for (let i = 0; i < RUNS.stunSetup; i++) samples.stunSetup.push(await page.evaluate(() => lab.setup('alice-stun', 'bob')));
    say(`call set-up with an unreachable STUN server: ours ${median(samples.stunSetup).toFixed(0)} ms; raw JsSIP (waits up to ${RAW_STUN_CAP_MS} ms)…`);
    const rawStun = await page.evaluate((servers, cap) => lab.rawSetup('carol', 'bob', servers, cap), stunServers, RAW_STUN_CAP_MS);
    samples.rawStunSetup = rawStun;
    say(`  raw JsSIP: ${rawStun === null ? `no INVITE within ${RAW_STUN_CAP_MS} ms` : `${rawStun.toFixed(0)} ms`}; STUN requests swallowed: ${stun.requests()}`);

    [samples.answer, samples.rawAnswer] = await interleaved(RUNS.answer, [
      () => page.evaluate(() => lab.answer('carol', 'bob')),
      () => page.evaluate(() => lab.rawAnswer('carol', 'dave')),
    ]);
    const answer = (list, key) => median(list.map((sample) => sample[key]));
    say(`answer → established: ours ${answer(samples.answer, 'established').toFixed(1)} ms, raw JsSIP ${answer(samples.rawAnswer, 'established').toFixed(1)} ms`);

    const setupRatio = median(samples.setup) / median(samples.rawSetup);
    const stunTarget = ICE_TIMEOUT_MS + 50;
    const reflexiveRows = await reflexiveSetupRows(page, reflexive, samples, errors);
    return {
      rows: [
        row(`Call set-up: call() → INVITE sent (median of ${RUNS.setup})`, 'ms', median(samples.setup), median(samples.rawSetup), 'raw JsSIP ua.call() → sending', {
          target: '≤ 0.5×',
          met: setupRatio <= 0.5,
        }),
        row(
          `Call set-up, unreachable STUN (median of ${RUNS.stunSetup})`,
          'ms',
          median(samples.stunSetup),
          rawStun ?? RAW_STUN_CAP_MS,
          rawStun === null ? 'raw JsSIP, capped' : 'raw JsSIP',
          { target: `≤ ${stunTarget} ms`, met: median(samples.stunSetup) <= stunTarget, capped: rawStun === null },
        ),
        row(`Answer click → established (median of ${RUNS.answer})`, 'ms', answer(samples.answer, 'established'), answer(samples.rawAnswer, 'established'), 'raw JsSIP answer() → connected', {
          target: '≤ 1.1×',
          met: answer(samples.answer, 'established') <= 1.1 * answer(samples.rawAnswer, 'established'),
        }),
        row(`Answer click → first inbound RTP (median of ${RUNS.answer})`, 'ms', answer(samples.answer, 'rtp'), answer(samples.rawAnswer, 'rtp'), 'raw JsSIP answer() → first RTP'),
        ...reflexiveRows,
      ],
      samples,
    };
  } finally {
    await lab.close();
  }
}

/**
 * Call set-up with a STUN server that answers (coturn behind the namespace's NAT), on
 * callRows' page: ours should send its INVITE at the first srflx candidate, raw JsSIP
 * once gathering completes. Every INVITE is checked on arrival for an srflx candidate,
 * so the row cannot pass with one that never came.
 */
async function reflexiveSetupRows(page, reflexive, samples, errors) {
  if (reflexive.why) {
    say(`call set-up with a reachable STUN server: skipped (${reflexive.why})`);
    return [];
  }
  [samples.srflxSetup, samples.rawSrflxSetup] = await interleaved(RUNS.setup, [
    () => page.evaluate(() => lab.setup('alice-srflx', 'bob')),
    // No cap: raw JsSIP's INVITE leaves only once gathering completed, so each sample proves it did.
    () => page.evaluate((servers) => lab.rawSetup('carol-srflx', 'bob', servers), reflexive.servers),
  ]);
  const [ours, raw] = await page.evaluate(() => [lab.invites('alice-srflx'), lab.invites('carol-srflx')]);
  say(`call set-up with a reachable STUN server: ours ${median(samples.srflxSetup).toFixed(1)} ms, raw JsSIP ${median(samples.rawSrflxSetup).toFixed(1)} ms (each after gathering completed)`);
  say(`  INVITEs received with an srflx candidate: ours ${ours.srflx} of ${ours.received}, raw JsSIP ${raw.srflx} of ${raw.received}; STUN flows through the NAT: ${reflexive.flows()}`);
  if (ours.srflx < ours.received || raw.srflx < raw.received) errors.push('an INVITE with a reachable STUN server carried no srflx candidate: that row measures nothing');
  const ratio = median(samples.srflxSetup) / median(samples.rawSrflxSetup);
  return [
    row(`Call set-up, reachable STUN (median of ${RUNS.setup})`, 'ms', median(samples.srflxSetup), median(samples.rawSrflxSetup), 'raw JsSIP, gathering complete', {
      target: '≤ 0.8×',
      met: ratio <= 0.8,
    }),
  ];
}

/**
 * A fresh page with two phones (ours or raw JsSIP agents) calling each other: JS heap
 * after GC when idle, after 1 call and after up to RUNS.calls, and the connections left.
 */
async function heapOverCalls(browser, sip, errors, kind) {
  const lab = await openLab(browser, sip, errors);
  const { page } = lab;
  try {
    const heap = () => heapAfterGc(page);
    const talk = () => page.evaluate((kind) => (kind === 'ours' ? lab.talk('a', 'b') : lab.rawTalk('a', 'b')), kind);
    await page.evaluate((kind) => Promise.all(['a', 'b'].map((name) => (kind === 'ours' ? lab.mount(name) : lab.agent(name)))), kind);
    const idle = await heap();
    await talk();
    const afterOne = await heap();
    const started = Date.now();
    let calls = 1;
    while (calls < RUNS.calls && Date.now() - started < CALLS_BUDGET_MS) {
      await talk();
      if (++calls % 25 === 0) say(`memory, ${kind}: ${calls}/${RUNS.calls} calls`);
    }
    if (calls < RUNS.calls) say(`memory, ${kind}: stopped after ${calls} calls (${CALLS_BUDGET_MS / 1000} s budget)`);
    const afterMany = await heap();
    const peerConnections = await page.evaluate(() => peerConnections());
    const growthPerCall = (afterMany - afterOne) / (calls - 1);
    say(`memory, ${kind}: heap ${idle} B idle, ${afterOne} B after 1 call, ${afterMany} B after ${calls} (${(growthPerCall / 1024).toFixed(1)} KB per call)`);
    return { idle, afterOne, afterMany, calls, growthPerCall, peerConnections, seconds: (Date.now() - started) / 1000 };
  } finally {
    await lab.close();
  }
}

async function memoryRows(browser, sip, errors) {
  const ours = await heapOverCalls(browser, sip, errors, 'ours');
  const raw = await heapOverCalls(browser, sip, errors, 'raw');
  const versus = 'raw JsSIP pair, floor bundle';
  return {
    rows: [
      row('JS heap after GC, after 1 call', 'MB', ours.afterOne, raw.afterOne, versus),
      row(`JS heap after GC, after ${ours.calls} calls`, 'MB', ours.afterMany, raw.afterMany, `${versus}, ${raw.calls} calls`),
      row(`RTCPeerConnections open after hang-up (of ${ours.peerConnections.created})`, '', ours.peerConnections.open, raw.peerConnections.open, 'raw JsSIP pair', {
        target: '= 0',
        met: ours.peerConnections.open === 0,
      }),
    ],
    samples: { ours, raw },
  };
}

/**
 * A fresh page with RUNS.crowd registered phones (ours or raw JsSIP agents) and no call:
 * JS heap after GC, then the renderer's main-thread time over IDLE_MS of idling (the
 * CDP Performance metrics), per minute, and the timers left pending at its end.
 */
async function idleCrowd(browser, sip, errors, kind) {
  const lab = await openLab(browser, sip, errors, '?timers');
  const { page } = lab;
  try {
    await page.evaluate(
      (kind, count) => Promise.all(Array.from({ length: count }, (_, i) => (kind === 'ours' ? lab.mount(`p${i}`) : lab.agent(`p${i}`)))),
      kind,
      RUNS.crowd,
    );
    const heap = await heapAfterGc(page);
    const before = await page.metrics();
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const after = await page.metrics();
    // Durations and Timestamp are in seconds.
    const perMinute = (metric) => ((after[metric] - before[metric]) / (after.Timestamp - before.Timestamp)) * 60_000;
    const result = { heap, taskMs: perMinute('TaskDuration'), scriptMs: perMinute('ScriptDuration'), timers: await page.evaluate(() => pendingTimers()) };
    say(`${RUNS.crowd} phones idle, ${kind}: heap ${heap} B; per minute ${result.taskMs.toFixed(1)} ms of tasks, ${result.scriptMs.toFixed(1)} ms of script; ${result.timers} timers pending`);
    return result;
  } finally {
    await lab.close();
  }
}

async function crowdRows(browser, sip, errors) {
  const ours = await idleCrowd(browser, sip, errors, 'ours');
  const raw = await idleCrowd(browser, sip, errors, 'raw');
  const versus = `${RUNS.crowd} raw JsSIP UAs, floor bundle`;
  const idle = `${RUNS.crowd} phones registered, idle`;
  return {
    rows: [
      row(`${idle}: JS heap after GC`, 'MB', ours.heap, raw.heap, versus),
      row(`${idle}: main-thread task time per minute (over ${IDLE_MS / 1000} s)`, 'ms', ours.taskMs, raw.taskMs, versus),
      row(`${idle}: script time per minute (over ${IDLE_MS / 1000} s)`, 'ms', ours.scriptMs, raw.scriptMs, versus),
      row(`${idle}: timers pending`, '', ours.timers, raw.timers, versus),
    ],
    samples: { ours, raw },
  };
}

async function renderRows(browser, sip, errors) {
  const lab = await openLab(browser, sip, errors);
  try {
    await lab.page.evaluate(() => Promise.all([lab.mount('caller'), lab.mount('callee')]));
    const runs = [];
    for (let i = 0; i < RUNS.lifecycles; i++) runs.push(await lab.page.evaluate(() => lab.lifecycle('caller', 'callee')));
    const total = (counts = {}) => Object.values(counts).reduce((sum, n) => sum + n, 0);
    const side = (name) => {
      const updates = median(runs.map((run) => total(run.updates[name])));
      const events = median(runs.map((run) => run.events[name]));
      say(`render, ${name}: ${updates} updates for ${events} phone events; last call by element: ${JSON.stringify(runs.at(-1).updates[name])}`);
      return row(`Lit updates per call lifecycle, ${name} (median of ${RUNS.lifecycles})`, '', updates, events, 'phone-* events fired', {
        target: '≤ 2×',
        met: updates <= 2 * events,
      });
    };
    return { rows: [side('caller'), side('callee')], samples: runs };
  } finally {
    await lab.close();
  }
}

function format(value, unit) {
  if (unit === 'B') return `${value.toLocaleString('en-US')} B`;
  if (unit === 'MB') return `${(value / 2 ** 20).toFixed(2)} MB`;
  if (unit === 'ms') return `${value < 100 ? value.toFixed(1) : Math.round(value)} ms`;
  return String(value);
}

/** The rows as an aligned Markdown table (pasteable into README's Performance section). */
function table(rows) {
  const lines = [
    ['Measure', 'Ours', 'Reference', 'Ratio', 'Target'],
    ...rows.map((r) => [
      r.measure,
      format(r.ours, r.unit),
      `${r.capped ? '> ' : ''}${format(r.reference, r.unit)} (${r.versus})`,
      r.ratio === null ? '—' : `${r.capped ? '< ' : ''}${r.ratio.toFixed(2)}`,
      r.target ? `${r.target} ${r.met ? 'met' : 'NOT met'}` : '',
    ]),
  ];
  const widths = lines[0].map((_, column) => Math.max(...lines.map((line) => line[column].length)));
  const text = (line) => `| ${line.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [text(lines[0]), text(widths.map((width) => '-'.repeat(width))), ...lines.slice(1).map(text)].join('\n');
}

async function measure() {
  const rows = sizeRows();
  const samples = {};
  const errors = [];
  say(`size: ours ${rows[0].ours} B brotli, floor ${rows[0].reference} B`);
  const sip = await startKamailio({ wsPort: WS_PORT, udpPort: UDP_PORT });
  const stun = await stunSink();
  const reflexive = await reflexiveStun();
  const server = await serve();
  const browser = await puppeteer.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  try {
    const settings = { wsUrl: sip.wsUrl, domain: sip.domain, password: sip.password };
    for (const [name, phase] of [
      ['start-up', () => startupRows(browser)],
      ['calls', () => callRows(browser, settings, stun, reflexive, errors)],
      ['memory', () => memoryRows(browser, settings, errors)],
      [`${RUNS.crowd} phones`, () => crowdRows(browser, settings, errors)],
      ['render', () => renderRows(browser, settings, errors)],
    ]) {
      say(`${name}…`);
      const result = await phase();
      rows.push(...result.rows);
      samples[name] = result.samples;
    }
    const results = { date: new Date().toISOString(), chromium: await browser.version(), node: process.version, cpus: os.cpus().length, rows, samples, errors };
    writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await browser.close();
    server.close();
    stun.close();
    await reflexive.stop?.();
    await sip.stop();
  }
  console.log(`\n${table(rows)}\n\nbench: wrote ${RESULTS}`);
  if (errors.length > 0) throw new Error(`${errors.length} error(s), in the pages or of the bench's own checks (see above):\n${errors.join('\n')}`);
  return 0;
}

process.exitCode = process.argv.includes(INSIDE_FLAG) ? await measure() : await prepare();
