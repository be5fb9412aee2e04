// Word and Excel files are zip archives, and both libraries stamp them with the time of writing
// (each entry's modification time, and the created/modified dates in docProps/core.xml). A report
// is a function of its period, so its files must be too: this rewrites an archive with fixed
// entry times and the given document dates, and nothing else changed. Plain zip, no zip64.
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

interface Entry {
  name: string;
  data: Buffer;
}

function readEntries(zip: Buffer): Entry[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const method = zip.readUInt16LE(p + 10);
    const csize = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + csize);
    const data = method === 0 ? Buffer.from(raw) : method === 8 ? inflateRawSync(raw) : null;
    if (!data) throw new Error(`unsupported zip method ${method} for ${name}`);
    out.push({ name, data });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

// 1980-01-01 00:00, the earliest time a zip entry can carry.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

function writeEntries(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    // Empty entries (folders) are stored, the rest deflated.
    const method = e.data.length ? 8 : 0;
    const comp = method ? deflateRawSync(e.data, { level: 6 }) : e.data;
    const crc = crc32(e.data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x0800, 6); // names in UTF-8
    lh.writeUInt16LE(method, 8);
    lh.writeUInt16LE(DOS_TIME, 10);
    lh.writeUInt16LE(DOS_DATE, 12);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(comp.length, 18);
    lh.writeUInt32LE(e.data.length, 22);
    lh.writeUInt16LE(name.length, 26);
    lh.writeUInt16LE(0, 28);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x0800, 8);
    ch.writeUInt16LE(method, 10);
    ch.writeUInt16LE(DOS_TIME, 12);
    ch.writeUInt16LE(DOS_DATE, 14);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(comp.length, 20);
    ch.writeUInt32LE(e.data.length, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, comp);
    centrals.push(ch, name);
    offset += lh.length + name.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** The archive with fixed entry times and docProps/core.xml dated `at`. */
export function normalizeOfficeZip(zip: Buffer | Uint8Array, at: Date): Buffer {
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const entries = readEntries(Buffer.from(zip)).map((e) => {
    if (e.name !== 'docProps/core.xml') return e;
    const xml = e.data.toString('utf8').replace(
      /<(dcterms:(?:created|modified))([^>]*)>[^<]*<\/\1>/g,
      (_m, tag: string, attrs: string) => `<${tag}${attrs}>${stamp}</${tag}>`,
    );
    return { name: e.name, data: Buffer.from(xml, 'utf8') };
  });
  return writeEntries(entries);
}

/** The files of an archive by name (tests and checks). */
export function unzip(zip: Buffer | Uint8Array): Map<string, Buffer> {
  return new Map(readEntries(Buffer.from(zip)).map((e) => [e.name, e.data]));
}
