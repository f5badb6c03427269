// The contract's tables (src/engine/config.ts, src/events/phone-events.ts) as the
// build scripts need them: compiled with esbuild and imported, so that scripts read
// the very table the library runs on instead of a copy of it.
import { build } from 'esbuild';

async function load(entry) {
  const { outputFiles } = await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'silent' });
  return import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
}

/** CONFIG_FIELDS: setting → {attribute, kind, default?, min?, max?}. */
export async function loadConfigFields() {
  return (await load('src/engine/config.ts')).CONFIG_FIELDS;
}

/** PHONE_EVENTS: event name → {scope}. */
export async function loadPhoneEvents() {
  return (await load('src/events/phone-events.ts')).PHONE_EVENTS;
}

/** BRIDGE_COMMANDS: command → {since, fields} (fields: rule by payload field, or null). */
export async function loadBridgeCommands() {
  return (await load('src/embed/bridge.ts')).BRIDGE_COMMANDS;
}

/** A default as the analyzer writes one into the manifest: source text (`4`, `'all'`). */
export function manifestDefault(value) {
  return typeof value === 'string' ? `'${value}'` : String(value);
}
