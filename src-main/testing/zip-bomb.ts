import { constants, crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import JSZip from 'jszip';

/**
 * Hostile zips for tests, written byte by byte (JSZip cannot store a part it did not compress itself, nor lie about a
 * size): a real package with one part replaced by a small deflate stream that inflates to `inflatedMb` MB, declaring
 * that size honestly or a small one.
 */
export interface BombPart {
  name: string;
  inflatedMb: number;
  /** The uncompressed size written in the zip's headers; the real one by default. */
  declaredBytes?: number;
}

/** `inflatedMb` MB of the same few bytes, deflated without ever holding them inflated. */
async function compressibleDeflate(inflatedMb: number, pattern: string): Promise<{ data: Buffer; crc: number }> {
  const stream = createDeflateRaw({ level: constants.Z_BEST_COMPRESSION });
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => stream.on('end', () => resolve()));
  const megabyte = Buffer.alloc(1024 * 1024, pattern);
  let crc = 0;
  for (let i = 0; i < inflatedMb; i++) {
    crc = crc32(megabyte, crc);
    if (!stream.write(megabyte)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  stream.end();
  await done;
  return { data: Buffer.concat(chunks), crc };
}

export async function zipWithBomb(packageBytes: Uint8Array, bomb: BombPart): Promise<Buffer> {
  const source = await JSZip.loadAsync(packageBytes);
  const entries: { name: string; data: Buffer; crc: number; size: number }[] = [];
  for (const file of Object.values(source.files)) {
    if (file.dir || file.name === bomb.name) continue;
    const content = await file.async('nodebuffer');
    entries.push({ name: file.name, data: deflateRawSync(content), crc: crc32(content), size: content.length });
  }
  const { data, crc } = await compressibleDeflate(bomb.inflatedMb, '<w:abstractNum/>');
  entries.push({ name: bomb.name, data, crc, size: bomb.declaredBytes ?? bomb.inflatedMb * 1024 * 1024 });

  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(entry.crc >>> 0, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
