// Reads an npm tarball (a gzipped ustar archive) with Node built-ins only, so that
// check-package.mjs judges the very file `npm pack` made, not npm's report of it.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const BLOCK = 512;
const text = (buffer, start, length) => buffer.toString('utf8', start, start + length).replace(/\0[\s\S]*$/, '');

/** The regular files of a .tgz: a Map from path (without npm's leading `package/`) to contents. */
export function readTarball(file) {
  const archive = gunzipSync(readFileSync(file));
  const files = new Map();
  let longPath; // from a pax header ('x'), for names longer than ustar's 100 + 155 bytes
  for (let offset = 0; offset + BLOCK <= archive.length; ) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break; // the end-of-archive blocks
    const size = parseInt(text(header, 124, 12).trim() || '0', 8);
    const type = text(header, 156, 1) || '0';
    const prefix = text(header, 257, 5) === 'ustar' ? text(header, 345, 155) : '';
    const body = archive.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      longPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
      continue;
    }
    const path = longPath ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    longPath = undefined;
    if (type === '0' || type === '7') files.set(path.replace(/^package\//, ''), Buffer.from(body));
  }
  return files;
}
