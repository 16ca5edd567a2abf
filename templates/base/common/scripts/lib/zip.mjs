// @ts-check
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";

/**
 * A zip writer whose output depends only on entry names and bytes: entries are sorted, every
 * timestamp is 1980-01-01 and permissions are fixed, so the same sources always give the same
 * zip and Terraform sees no change where there is none.
 */

const crcTable = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** @param {Uint8Array} data */
function tableCrc32(data) {
  let crc = 0xffffffff;
  for (const byte of data) crc = /** @type {number} */ (crcTable[(crc ^ byte) & 0xff]) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** zlib's own CRC-32 where Node has it (20.15 and later): the same value, 20 times faster on a 600 KB bundle. */
const crc32 = typeof zlib.crc32 === "function" ? zlib.crc32 : tableCrc32;
const deflateRaw = promisify(zlib.deflateRaw);

const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;
const UNIX_FILE_0644 = (0o100644 << 16) >>> 0;

/**
 * @param {{ name: string, data: Uint8Array }[]} entries
 * @returns {Promise<Buffer>}
 */
export async function createZip(entries) {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Compressed side by side on Node's thread pool; each entry's bytes are what deflating it alone gives.
  const deflated = await Promise.all(sorted.map(({ data }) => deflateRaw(data, { level: 9 })));
  /** @type {Buffer[]} */
  const locals = [];
  /** @type {Buffer[]} */
  const centrals = [];
  let offset = 0;
  for (const [i, { name, data }] of sorted.entries()) {
    const nameBytes = Buffer.from(name, "utf8");
    const compressed = /** @type {Buffer} */ (deflated[i]);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10); // time 00:00
    local.writeUInt16LE(DOS_DATE_1980_01_01, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBytes, compressed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, spec 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(DOS_DATE_1980_01_01, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(UNIX_FILE_0644, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + compressed.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(sorted.length, 8);
  end.writeUInt16LE(sorted.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/**
 * Writes a zip whole or not at all: to a file beside it, then renamed over it. The stack tests'
 * setup and `lambdaform verify`'s package step build the same zips at the same time, and a
 * reader must never see one half written (nor Terraform upload one a Ctrl-C cut short).
 * @param {string} file
 * @param {Uint8Array} zip
 */
export function writeZip(file, zip) {
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, zip);
  renameSync(partial, file);
}

/**
 * Every file under `dir`, named relative to it (with `prefix` in front), skipping caches.
 * @param {string} dir
 * @param {string} [prefix]
 * @returns {{ name: string, data: Buffer }[]}
 */
export function filesUnder(dir, prefix = "") {
  /** @type {{ name: string, data: Buffer }[]} */
  const out = [];
  for (const entry of readdirSync(dir).sort()) {
    if (entry === "__pycache__" || entry.endsWith(".pyc") || entry === ".DS_Store") continue;
    const full = path.join(dir, entry);
    const name = prefix ? `${prefix}/${entry}` : entry;
    if (statSync(full).isDirectory()) out.push(...filesUnder(full, name));
    else out.push({ name, data: readFileSync(full) });
  }
  return out;
}
