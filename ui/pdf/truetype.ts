// A TrueType (glyf outlines) reader and subsetter: just enough to embed the glyphs a document
// uses in a PDF. Glyphs are renumbered densely (0 stays .notdef) and composite glyphs pull in
// their components, so a CJK name costs a few KB rather than the 10 MB font.

export interface TrueTypeFont {
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly capHeight: number;
  readonly bbox: readonly [number, number, number, number];
  readonly postscriptName: string;
  /** The glyph for a code point, 0 when the font has none. */
  glyphFor(codePoint: number): number;
  /** Advance width of a glyph in font units. */
  advance(glyph: number): number;
  /** A TrueType font program holding only `glyphs` (ids as returned by glyphFor), renumbered. */
  subset(glyphs: readonly number[]): { bytes: Uint8Array; newIds: Map<number, number> };
}

interface Table {
  offset: number;
  length: number;
}

export function parseTrueType(bytes: Uint8Array): TrueTypeFont {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at);
  const i16 = (at: number) => view.getInt16(at);
  const u32 = (at: number) => view.getUint32(at);
  if (u32(0) !== 0x00010000 && u32(0) !== 0x74727565) throw new Error("not a TrueType font (glyf outlines)");

  const tables = new Map<string, Table>();
  for (let i = 0, count = u16(4); i < count; i++) {
    const at = 12 + i * 16;
    const tag = String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
    tables.set(tag, { offset: u32(at + 8), length: u32(at + 12) });
  }
  const table = (tag: string) => {
    const found = tables.get(tag);
    if (!found) throw new Error(`font has no ${tag} table`);
    return found;
  };

  const head = table("head").offset;
  const unitsPerEm = u16(head + 18);
  const bbox = [i16(head + 36), i16(head + 38), i16(head + 40), i16(head + 42)] as const;
  const longLoca = i16(head + 50) === 1;
  const numGlyphs = u16(table("maxp").offset + 4);
  const hhea = table("hhea").offset;
  const numHMetrics = u16(hhea + 34);
  const hmtx = table("hmtx").offset;
  const loca = table("loca").offset;
  const glyf = table("glyf").offset;
  const os2 = tables.get("OS/2");
  const capHeight = os2 && u16(os2.offset) >= 2 ? i16(os2.offset + 88) : Math.round(unitsPerEm * 0.7);

  const glyphRange = (glyph: number): [number, number] =>
    longLoca ? [u32(loca + glyph * 4), u32(loca + glyph * 4 + 4)] : [u16(loca + glyph * 2) * 2, u16(loca + glyph * 2 + 2) * 2];
  const advance = (glyph: number) => u16(hmtx + Math.min(glyph, numHMetrics - 1) * 4);
  const leftSideBearing = (glyph: number) => (glyph < numHMetrics ? i16(hmtx + glyph * 4 + 2) : i16(hmtx + numHMetrics * 4 + (glyph - numHMetrics) * 2));

  const glyphFor = cmapLookup(view, table("cmap").offset);

  function components(glyph: number): number[] {
    const [start, end] = glyphRange(glyph);
    if (end <= start || i16(glyf + start) >= 0) return [];
    const found: number[] = [];
    let at = glyf + start + 10;
    for (;;) {
      const flags = u16(at);
      found.push(u16(at + 2));
      at += 4 + (flags & 1 ? 4 : 2) + (flags & 8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
      if (!(flags & 0x20)) return found;
    }
  }

  function subset(wanted: readonly number[]) {
    const order = [0];
    const newIds = new Map<number, number>([[0, 0]]);
    const add = (glyph: number) => {
      if (newIds.has(glyph) || glyph >= numGlyphs) return;
      newIds.set(glyph, order.length);
      order.push(glyph);
      for (const part of components(glyph)) add(part);
    };
    for (const glyph of wanted) add(glyph);

    const glyphData: Uint8Array[] = [];
    const offsets = [0];
    for (const glyph of order) {
      const [start, end] = glyphRange(glyph);
      const data = bytes.slice(glyf + start, glyf + end);
      if (data.length > 0 && new DataView(data.buffer).getInt16(0) < 0) renumberComponents(data, newIds);
      const padded = new Uint8Array((data.length + 3) & ~3);
      padded.set(data);
      glyphData.push(padded);
      offsets.push(offsets[offsets.length - 1]! + padded.length);
    }
    const newGlyf = concat(glyphData);
    const newLoca = new DataView(new ArrayBuffer(offsets.length * 4));
    offsets.forEach((offset, i) => newLoca.setUint32(i * 4, offset));
    const newHmtx = new DataView(new ArrayBuffer(order.length * 4));
    order.forEach((glyph, i) => {
      newHmtx.setUint16(i * 4, advance(glyph));
      newHmtx.setInt16(i * 4 + 2, leftSideBearing(glyph));
    });

    const newHead = bytes.slice(head, head + 54);
    new DataView(newHead.buffer).setUint32(8, 0); // checkSumAdjustment: PDF readers ignore it
    new DataView(newHead.buffer).setInt16(50, 1); // long loca
    const newHhea = bytes.slice(hhea, hhea + 36);
    new DataView(newHhea.buffer).setUint16(34, order.length);
    const maxp = table("maxp");
    const newMaxp = bytes.slice(maxp.offset, maxp.offset + maxp.length);
    new DataView(newMaxp.buffer).setUint16(4, order.length);

    const out: Record<string, Uint8Array> = {
      glyf: newGlyf,
      head: newHead,
      hhea: newHhea,
      hmtx: new Uint8Array(newHmtx.buffer),
      loca: new Uint8Array(newLoca.buffer),
      maxp: newMaxp,
    };
    // Hinting programs apply to every glyph: kept whole so hinted renderers behave.
    for (const tag of ["cvt ", "fpgm", "prep"]) {
      const found = tables.get(tag);
      if (found) out[tag] = bytes.slice(found.offset, found.offset + found.length);
    }
    return { bytes: writeFont(out), newIds };
  }

  return {
    unitsPerEm,
    ascent: i16(hhea + 4),
    descent: i16(hhea + 6),
    capHeight,
    bbox,
    postscriptName: readPostscriptName(bytes, view, tables.get("name")) ?? "EmbeddedFont",
    glyphFor,
    advance,
    subset,
  };
}

function renumberComponents(data: Uint8Array, newIds: Map<number, number>) {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let at = 10;
  for (;;) {
    const flags = view.getUint16(at);
    view.setUint16(at + 2, newIds.get(view.getUint16(at + 2)) ?? 0);
    at += 4 + (flags & 1 ? 4 : 2) + (flags & 8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
    if (!(flags & 0x20)) return;
  }
}

/** A code point -> glyph function over the font's Unicode cmap (format 12 preferred, else 4). */
function cmapLookup(view: DataView, cmap: number): (codePoint: number) => number {
  let format4 = -1;
  let format12 = -1;
  for (let i = 0, count = view.getUint16(cmap + 2); i < count; i++) {
    const at = cmap + 4 + i * 8;
    const platform = view.getUint16(at);
    const encoding = view.getUint16(at + 2);
    const subtable = cmap + view.getUint32(at + 4);
    const format = view.getUint16(subtable);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12) format12 = subtable;
    if (format === 4) format4 = subtable;
  }
  if (format12 >= 0) {
    const groups = view.getUint32(format12 + 12);
    return (codePoint) => {
      let low = 0;
      let high = groups - 1;
      while (low <= high) {
        const mid = (low + high) >> 1;
        const at = format12 + 16 + mid * 12;
        const start = view.getUint32(at);
        if (codePoint < start) high = mid - 1;
        else if (codePoint > view.getUint32(at + 4)) low = mid + 1;
        else return view.getUint32(at + 8) + codePoint - start;
      }
      return 0;
    };
  }
  if (format4 < 0) throw new Error("font has no Unicode cmap");
  const segments = view.getUint16(format4 + 6) / 2;
  const ends = format4 + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  return (codePoint) => {
    if (codePoint > 0xffff) return 0;
    for (let s = 0; s < segments; s++) {
      if (codePoint > view.getUint16(ends + s * 2)) continue;
      const start = view.getUint16(starts + s * 2);
      if (codePoint < start) return 0;
      const delta = view.getUint16(deltas + s * 2);
      const rangeOffset = view.getUint16(rangeOffsets + s * 2);
      if (rangeOffset === 0) return (codePoint + delta) & 0xffff;
      const glyph = view.getUint16(rangeOffsets + s * 2 + rangeOffset + (codePoint - start) * 2);
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}

function readPostscriptName(bytes: Uint8Array, view: DataView, name: Table | undefined): string | undefined {
  if (!name) return undefined;
  const count = view.getUint16(name.offset + 2);
  const strings = name.offset + view.getUint16(name.offset + 4);
  for (let i = 0; i < count; i++) {
    const at = name.offset + 6 + i * 12;
    if (view.getUint16(at + 6) !== 6) continue;
    const platform = view.getUint16(at);
    const length = view.getUint16(at + 8);
    const start = strings + view.getUint16(at + 10);
    const raw = bytes.subarray(start, start + length);
    const text =
      platform === 1 ? String.fromCharCode(...raw) : String.fromCharCode(...Array.from({ length: length / 2 }, (_, k) => (raw[k * 2]! << 8) | raw[k * 2 + 1]!));
    return text.replace(/[^A-Za-z0-9-]/g, "");
  }
  return undefined;
}

function writeFont(tables: Record<string, Uint8Array>): Uint8Array {
  const tags = Object.keys(tables).sort();
  const headerLength = 12 + tags.length * 16;
  const parts: Uint8Array[] = [];
  const header = new DataView(new ArrayBuffer(headerLength));
  header.setUint32(0, 0x00010000);
  header.setUint16(4, tags.length);
  let power = 1;
  while (power * 2 <= tags.length) power *= 2;
  header.setUint16(6, power * 16);
  header.setUint16(8, Math.log2(power));
  header.setUint16(10, tags.length * 16 - power * 16);
  let offset = headerLength;
  tags.forEach((tag, i) => {
    const data = tables[tag]!;
    const padded = new Uint8Array((data.length + 3) & ~3);
    padded.set(data);
    for (let k = 0; k < 4; k++) header.setUint8(12 + i * 16 + k, tag.charCodeAt(k));
    header.setUint32(12 + i * 16 + 4, checksum(padded));
    header.setUint32(12 + i * 16 + 8, offset);
    header.setUint32(12 + i * 16 + 12, data.length);
    parts.push(padded);
    offset += padded.length;
  });
  return concat([new Uint8Array(header.buffer), ...parts]);
}

function checksum(data: Uint8Array): number {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let sum = 0;
  for (let at = 0; at < data.length; at += 4) sum = (sum + view.getUint32(at)) >>> 0;
  return sum;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
