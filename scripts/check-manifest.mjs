// Fails when custom-elements.json, the documented public contract, is stale or
// incomplete: it must be what the elements' JSDoc generates, and it must name every
// event, setting, attribute, part and custom property that the code has.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { loadBridgeCommands, loadConfigFields, manifestDefault } from './contract-tables.mjs';

const COMPONENTS = 'src/components';
const SHARED = `${COMPONENTS}/shared`;
const problems = [];

// The analyzer resolves --outdir against the project root, so the scratch copy lives
// in the git-ignored .tmp/ folder.
const outdir = '.tmp/manifest-check';
let fresh;
try {
  execFileSync('npx', ['cem', 'analyze', '--outdir', outdir], { stdio: ['ignore', 'ignore', 'inherit'] });
  fresh = readFileSync(`${outdir}/custom-elements.json`, 'utf8');
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
const committed = existsSync('custom-elements.json') ? readFileSync('custom-elements.json', 'utf8') : '';
if (fresh !== committed) problems.push(`custom-elements.json is stale: run \`npm run analyze\` and commit the result.\n${firstDifference(committed, fresh)}`);

/** Where two texts part, a few lines of each: enough to tell what changed from a CI log. */
function firstDifference(committed, generated) {
  const [a, b] = [committed.split('\n'), generated.split('\n')];
  let line = 0;
  while (line < a.length && a[line] === b[line]) line++;
  const around = (lines) => lines.slice(Math.max(0, line - 2), line + 3).map((text) => `    ${text}`).join('\n');
  return `  first difference at line ${line + 1}:\n  committed:\n${around(a)}\n  generated:\n${around(b)}`;
}

const elements = new Map(
  JSON.parse(fresh)
    .modules.flatMap((module) => module.declarations ?? [])
    .filter((declaration) => declaration.customElement)
    .map((declaration) => [declaration.tagName, declaration]),
);
const names = (list) => new Set((list ?? []).map((entry) => entry.name));
const sources = (folder) =>
  readdirSync(folder)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => readFileSync(path.join(folder, file), 'utf8'))
    .join('\n');
const matches = (text, pattern) => [...text.matchAll(pattern)].map((match) => match[1]);
/** Static part names of `part="a b"` (tokens built from expressions are left out). */
const partsIn = (text) => matches(text, /\bpart="([^"]+)"/g).flatMap((list) => list.split(/\s+/).filter((token) => token && !token.includes('$')));
const customPropertiesIn = (text) => matches(text, /var\((--phone-[\w-]+)/g);
/** Attribute names of Lit `@property()` fields: `attribute: 'x'`, else the lowercased field name. */
function attributesIn(text) {
  return [...text.matchAll(/@property\(([^)]*)\)\s*(?:readonly\s+)?(\w+)/g)]
    .filter(([, options]) => !/attribute:\s*false/.test(options))
    .map(([, options, field]) => /attribute:\s*'([^']+)'/.exec(options)?.[1] ?? field.toLowerCase());
}
function expectDocumented(tag, kind, list, wanted) {
  for (const name of new Set(wanted)) if (!list.has(name)) problems.push(`<${tag}>: ${kind} "${name}" is in the code but not in the manifest (document it in the element's JSDoc).`);
}

// Each element, against the code in its own folder.
for (const folder of readdirSync(COMPONENTS).filter((name) => name !== 'shared')) {
  const element = elements.get(folder);
  if (!element) {
    problems.push(`${COMPONENTS}/${folder} defines no element <${folder}> in the manifest.`);
    continue;
  }
  const code = sources(path.join(COMPONENTS, folder));
  if (!element.summary) problems.push(`<${folder}> has no @summary.`);
  expectDocumented(folder, 'part', names(element.cssParts), partsIn(code));
  expectDocumented(folder, 'attribute', names(element.attributes), attributesIn(code));
  expectDocumented(folder, 'custom property', names(element.cssProperties), customPropertiesIn(code));
  for (const [kind, list] of Object.entries({ event: element.events, part: element.cssParts, 'custom property': element.cssProperties, attribute: element.attributes })) {
    for (const entry of list ?? []) if (!entry.description) problems.push(`<${folder}>: ${kind} "${entry.name}" has no description.`);
  }
}

// The shared templates render inside some element: that element documents what they show.
const everywhere = (key) => new Set([...elements.values()].flatMap((element) => [...names(element[key])]));
const shared = sources(SHARED);
expectDocumented('any element', 'part', everywhere('cssParts'), partsIn(shared));
expectDocumented('any element', 'custom property', everywhere('cssProperties'), customPropertiesIn(shared));

// <soft-phone> re-dispatches every event of the event table, and takes every setting of the config table.
const softPhone = elements.get('soft-phone');
const eventTable = readFileSync('src/events/phone-events.ts', 'utf8');
const events = [...eventTable.matchAll(/'(phone-[\w-]+)':\s*(?:phoneEvent|callEvent)<(\w+)>\(\)/g)];
if (events.length === 0) problems.push('Found no rows in PHONE_EVENTS (src/events/phone-events.ts): has its format changed?');
const fired = new Map((softPhone?.events ?? []).map((event) => [event.name, event.type?.text ?? '']));
for (const [, name, detail] of events) {
  if (!fired.has(name)) problems.push(`<soft-phone>: event "${name}" is in PHONE_EVENTS but has no @fires.`);
  else if (!fired.get(name).includes(detail)) problems.push(`<soft-phone>: @fires ${name} says ${fired.get(name)}, PHONE_EVENTS says ${detail}.`);
}
for (const name of fired.keys()) if (!events.some(([, event]) => event === name)) problems.push(`<soft-phone>: @fires ${name} is not in PHONE_EVENTS.`);
const attributes = new Map((softPhone?.attributes ?? []).map((attribute) => [attribute.name, attribute]));
const configFields = await loadConfigFields();
for (const [key, field] of Object.entries(configFields)) {
  const attribute = attributes.get(field.attribute);
  if (attribute?.fieldName !== key) problems.push(`<soft-phone>: setting "${key}" (CONFIG_FIELDS) needs the attribute "${field.attribute}" on a property of that name.`);
  else if (field.default !== undefined && attribute.default !== manifestDefault(field.default)) problems.push(`<soft-phone>: "${field.attribute}" defaults to ${attribute.default} in the manifest, ${field.default} in CONFIG_FIELDS.`);
}

// README documents the same contract: its tables must name every event and setting.
const readme = readFileSync('README.md', 'utf8');
for (const [, name] of events) if (!readme.includes(`\`${name}\``)) problems.push(`README.md: the event \`${name}\` is not documented.`);
for (const [key, field] of Object.entries(configFields)) {
  if (!readme.includes(`| \`${field.attribute}\` | \`${key}\` |`)) problems.push(`README.md: the setting \`${field.attribute}\` (\`${key}\`) is not in <soft-phone>'s attribute table.`);
}

// README's bridge protocol table is BRIDGE_COMMANDS: every command in a host row, with its
// version in "since" and each payload field named in the payload column; no other command.
const commands = await loadBridgeCommands();
const protocol = readme.slice(readme.indexOf('#### The protocol'), readme.indexOf('#### The state snapshot'));
const rows = protocol
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| /, '')));
const documented = new Map();
for (const [names, from, since, payload] of rows) {
  if (from !== 'host') continue;
  for (const [, name] of names.matchAll(/`(\w+)`/g)) documented.set(name, { since, payload });
}
if (rows.length === 0) problems.push('README.md: found no bridge protocol table under "#### The protocol": has its format changed?');
for (const [name, { since, fields }] of Object.entries(commands)) {
  const row = documented.get(name);
  if (!row) {
    problems.push(`README.md: the bridge command \`${name}\` (BRIDGE_COMMANDS) is not in the protocol table.`);
    continue;
  }
  if (row.since !== String(since)) problems.push(`README.md: the bridge command \`${name}\` is since ${row.since} in the protocol table, ${since} in BRIDGE_COMMANDS.`);
  for (const field of Object.keys(fields ?? {})) {
    if (!new RegExp(`[{,] ?${field}\\??[,:}]`).test(row.payload)) problems.push(`README.md: the protocol table's \`${name}\` row does not name its payload field "${field}".`);
  }
}
for (const name of documented.keys()) if (name !== 'hello' && !(name in commands)) problems.push(`README.md: the protocol table names \`${name}\`, which is not in BRIDGE_COMMANDS.`);

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`custom-elements.json is up to date and complete (${elements.size} elements, ${events.length} events).`);
