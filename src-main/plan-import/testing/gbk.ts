/**
 * Encodes text as GBK / GB18030 for tests, the way Notepad on a Chinese Windows saves "ANSI" files. Node has no
 * such encoder, so the tables are built by running codes through Node's own (ICU) decoder: the two-byte codes
 * of GBK, and for GB18030 the four-byte codes of the rest of the Basic Multilingual Plane.
 */
let twoByte: Map<string, number[]> | null = null;
let fourByte: Map<string, number[]> | null = null;

/** Two-byte GBK; throws on a character GBK does not have. */
export function encodeGbk(text: string): Uint8Array {
  return encode(text, false);
}

/** GB18030: GBK plus four-byte codes for every other character (e.g. U+00A0 no-break space). */
export function encodeGb18030(text: string): Uint8Array {
  return encode(text, true);
}

function encode(text: string, allowFourByte: boolean): Uint8Array {
  twoByte ??= buildTwoByte();
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) {
      bytes.push(code);
      continue;
    }
    const pair = twoByte.get(ch) ?? (allowFourByte ? (fourByte ??= buildFourByte()).get(ch) : undefined);
    if (!pair) throw new Error(`“${ch}”（U+${code.toString(16)}）不在 ${allowFourByte ? 'GB18030' : 'GBK'} 中`);
    bytes.push(...pair);
  }
  return new Uint8Array(bytes);
}

function buildTwoByte(): Map<string, number[]> {
  const decoder = new TextDecoder('gbk', { fatal: true });
  const map = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      try {
        const ch = decoder.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && !map.has(ch)) map.set(ch, [lead, trail]);
      } catch {
        // not a GBK code
      }
    }
  }
  return map;
}

/** GB18030 four-byte codes 0x81308130… cover the BMP characters GBK lacks (39,420 codes). */
function buildFourByte(): Map<string, number[]> {
  const decoder = new TextDecoder('gb18030', { fatal: true });
  const map = new Map<string, number[]>();
  for (let i = 0; i < 39_420; i++) {
    const code = [0x81 + Math.floor(i / 12_600), 0x30 + (Math.floor(i / 1260) % 10), 0x81 + (Math.floor(i / 10) % 126), 0x30 + (i % 10)];
    try {
      const ch = decoder.decode(new Uint8Array(code));
      if (ch.length === 1 && !map.has(ch)) map.set(ch, code);
    } catch {
      // unassigned
    }
  }
  return map;
}
