// A small PDF writer for text documents (receipts, statements): headings, paragraphs, label/value
// fields and tables on US Letter pages, in any script the given fonts cover. Each font is
// embedded as a subset holding only the glyphs used, with a ToUnicode map so the text can be
// searched, copied and read aloud. Streams are compressed with the platform's CompressionStream,
// so the writer adds no compression library to the bundle.
import { shapeLine, type ShapedChar } from "./shaping";
import { concat, type TrueTypeFont } from "./truetype";

export type Align = "left" | "right";

export type Block =
  | { type: "heading"; text: string; level?: 1 | 2 | 3 }
  | { type: "text"; text: string; size?: number; bold?: boolean }
  | { type: "fields"; rows: readonly (readonly [label: string, value: string])[] }
  | {
      type: "table";
      columns: readonly { header: string; align?: Align; width?: number }[];
      rows: readonly (readonly string[])[];
      /** Rows after a rule, in bold (subtotal, fees, total). */
      totals?: readonly (readonly string[])[];
    }
  | { type: "rule" }
  | { type: "space"; height?: number };

export interface TextDocument {
  title: string;
  author: string;
  blocks: readonly Block[];
}

/** Fonts tried in order for each character (e.g. Latin, then Arabic, then CJK). */
export interface FontSet {
  regular: readonly TrueTypeFont[];
  bold: readonly TrueTypeFont[];
}

const PAGE_WIDTH = 612;
const PAGE_HEIGHT = 792;
const MARGIN = 56;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const BODY = 11;
const INK = "0.08 0.13 0.24";
const HEADING_SIZES = { 1: 18, 2: 15, 3: 12 } as const;

interface Glyph {
  font: TrueTypeFont;
  glyph: number;
  text: string;
  width: number; // in 1/1000 em
}

export async function renderPdf(doc: TextDocument, fonts: FontSet): Promise<Uint8Array> {
  const used = new Map<TrueTypeFont, Map<number, string>>();
  const fontIds = new Map<TrueTypeFont, number>();
  const pages: string[][] = [[]];
  let y = PAGE_HEIGHT - MARGIN;

  function glyphs(text: string, bold: boolean): Glyph[] {
    const chain = bold ? fonts.bold : fonts.regular;
    return shapeLine(text.replace(/[\r\n\t]+/g, " ")).map((c: ShapedChar) => {
      // The first font with the character draws it; .notdef of the first font otherwise.
      const font = chain.find((f) => f.glyphFor(c.draw) !== 0) ?? fonts.regular.find((f) => f.glyphFor(c.draw) !== 0) ?? chain[0]!;
      const glyph = font.glyphFor(c.draw);
      return { font, glyph, text: c.text, width: (font.advance(glyph) * 1000) / font.unitsPerEm };
    });
  }
  const widthOf = (run: readonly Glyph[], size: number) => (run.reduce((sum, g) => sum + g.width, 0) * size) / 1000;
  const measure = (text: string, size: number, bold = false) => widthOf(glyphs(text, bold), size);

  /** Splits text into lines no wider than `width`, at spaces where possible. */
  function wrap(text: string, size: number, bold: boolean, width: number): string[] {
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (!line || measure(candidate, size, bold) <= width) {
        line = candidate;
        continue;
      }
      lines.push(line);
      line = word;
    }
    lines.push(line);
    return lines;
  }

  function draw(text: string, x: number, atY: number, size: number, bold: boolean, align: Align = "left", width = 0) {
    const run = glyphs(text, bold);
    let at = align === "right" ? x + width - widthOf(run, size) : x;
    const ops = pages[pages.length - 1]!;
    for (let i = 0; i < run.length; ) {
      const font = run[i]!.font;
      let hex = "";
      const start = at;
      while (i < run.length && run[i]!.font === font) {
        const g = run[i++]!;
        if (!used.has(font)) used.set(font, new Map());
        const map = used.get(font)!;
        if (!map.has(g.glyph)) map.set(g.glyph, g.text);
        hex += g.glyph.toString(16).padStart(4, "0");
        at += (g.width * size) / 1000;
      }
      if (!fontIds.has(font)) fontIds.set(font, fontIds.size + 1);
      ops.push(`BT /F${fontIds.get(font)} ${size} Tf ${num(start)} ${num(atY)} Td <${hex}> Tj ET`);
    }
  }

  function need(height: number) {
    if (y - height >= MARGIN) return;
    pages.push([]);
    y = PAGE_HEIGHT - MARGIN;
  }
  const rule = (x1: number, x2: number, atY: number) => pages[pages.length - 1]!.push(`${num(x1)} ${num(atY)} m ${num(x2)} ${num(atY)} l S`);

  for (const block of doc.blocks) {
    if (block.type === "heading") {
      const size = HEADING_SIZES[block.level ?? 1];
      for (const line of wrap(block.text, size, true, CONTENT_WIDTH)) {
        need(size * 1.4);
        y -= size * 1.2;
        draw(line, MARGIN, y, size, true);
      }
      y -= size * 0.5;
    } else if (block.type === "text") {
      const size = block.size ?? BODY;
      for (const line of wrap(block.text, size, block.bold ?? false, CONTENT_WIDTH)) {
        need(size * 1.45);
        y -= size * 1.45;
        draw(line, MARGIN, y, size, block.bold ?? false);
      }
    } else if (block.type === "fields") {
      const labelWidth = Math.min(CONTENT_WIDTH * 0.4, Math.max(0, ...block.rows.map(([label]) => measure(`${label}:`, BODY, true))) + 12);
      for (const [label, value] of block.rows) {
        const lines = wrap(value, BODY, false, CONTENT_WIDTH - labelWidth);
        need(lines.length * BODY * 1.45);
        y -= BODY * 1.45;
        draw(`${label}:`, MARGIN, y, BODY, true);
        lines.forEach((line, i) => {
          if (i > 0) y -= BODY * 1.45;
          draw(line, MARGIN + labelWidth, y, BODY, false);
        });
      }
    } else if (block.type === "table") {
      const weights = block.columns.map((c) => c.width ?? 1);
      const total = weights.reduce((a, b) => a + b, 0);
      const widths = weights.map((w) => (w / total) * CONTENT_WIDTH);
      const lefts = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));
      const gutter = 8;
      const row = (cells: readonly string[], bold: boolean) => {
        const wrapped = block.columns.map((_, i) => wrap(cells[i] ?? "", BODY, bold, widths[i]! - gutter));
        const height = Math.max(...wrapped.map((lines) => lines.length)) * BODY * 1.45;
        if (y - height - 6 < MARGIN) {
          need(Number.MAX_SAFE_INTEGER);
          header();
        }
        wrapped.forEach((lines, i) =>
          lines.forEach((line, k) => {
            const column = block.columns[i]!;
            const align = column.align ?? "left";
            const x = align === "right" ? lefts[i]! + gutter : lefts[i]!;
            draw(line, x, y - (k + 1) * BODY * 1.45, BODY, bold, align, widths[i]! - gutter);
          }),
        );
        y -= height;
      };
      const header = () => {
        row(
          block.columns.map((c) => c.header),
          true,
        );
        rule(MARGIN, PAGE_WIDTH - MARGIN, y - 4);
        y -= 8;
      };
      need(BODY * 4);
      header();
      for (const cells of block.rows) row(cells, false);
      if (block.totals?.length) {
        rule(MARGIN, PAGE_WIDTH - MARGIN, y - 4);
        y -= 8;
        for (const cells of block.totals) row(cells, true);
      }
      y -= BODY * 0.6;
    } else if (block.type === "rule") {
      need(12);
      y -= 6;
      rule(MARGIN, PAGE_WIDTH - MARGIN, y);
      y -= 6;
    } else {
      y -= block.height ?? BODY;
    }
  }

  return serialise(doc, pages, used, fontIds);
}

async function serialise(
  doc: TextDocument,
  pages: string[][],
  used: Map<TrueTypeFont, Map<number, string>>,
  fontIds: Map<TrueTypeFont, number>,
): Promise<Uint8Array> {
  const objects: (string | { dict: string; data: Uint8Array })[] = [];
  const reserve = () => objects.push(""); // object numbers start at 1
  const set = (id: number, value: (typeof objects)[number]) => (objects[id - 1] = value);
  const stream = async (dict: string, data: Uint8Array) => {
    const packed = await deflate(data);
    return { dict: `<< ${dict} /Length ${packed.length} /Filter /FlateDecode >>`, data: packed };
  };

  const catalog = reserve();
  const pageTree = reserve();
  const info = reserve();
  const fontRefs: string[] = [];
  for (const [font, glyphMap] of used) {
    const fontId = fontIds.get(font)!;
    const { bytes, newIds } = font.subset([...glyphMap.keys()]);
    const scale = 1000 / font.unitsPerEm;
    const tag = subsetTag(fontId, [...glyphMap.keys()]);
    const name = `${tag}+${font.postscriptName}`;
    const file = reserve();
    set(file, await stream(`/Length1 ${bytes.length}`, bytes));
    const descriptor = reserve();
    set(
      descriptor,
      `<< /Type /FontDescriptor /FontName /${name} /Flags 4 /FontBBox [${font.bbox.map((v) => Math.round(v * scale)).join(" ")}] /ItalicAngle 0 /Ascent ${Math.round(font.ascent * scale)} /Descent ${Math.round(font.descent * scale)} /CapHeight ${Math.round(font.capHeight * scale)} /StemV 80 /FontFile2 ${file} 0 R >>`,
    );
    const widths = [...glyphMap.keys()].map((glyph) => `${newIds.get(glyph)} [${Math.round(font.advance(glyph) * scale)}]`).join(" ");
    const cid = reserve();
    set(
      cid,
      `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /W [${widths}] /CIDToGIDMap /Identity >>`,
    );
    const toUnicode = reserve();
    set(toUnicode, await stream("", new TextEncoder().encode(toUnicodeCMap(glyphMap, newIds))));
    const type0 = reserve();
    set(type0, `<< /Type /Font /Subtype /Type0 /BaseFont /${name} /Encoding /Identity-H /DescendantFonts [${cid} 0 R] /ToUnicode ${toUnicode} 0 R >>`);
    fontRefs.push(`/F${fontId} ${type0} 0 R`);
    // Glyph ids in the content streams become the subset's ids.
    for (const page of pages) for (let i = 0; i < page.length; i++) page[i] = renumber(page[i]!, fontId, newIds);
  }

  const pageIds: number[] = [];
  for (const ops of pages) {
    const content = reserve();
    set(content, await stream("", new TextEncoder().encode(`${INK} rg ${INK} RG 0.8 w\n${ops.join("\n")}\n`)));
    const page = reserve();
    set(
      page,
      `<< /Type /Page /Parent ${pageTree} 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << ${fontRefs.join(" ")} >> >> /Contents ${content} 0 R >>`,
    );
    pageIds.push(page);
  }
  set(catalog, `<< /Type /Catalog /Pages ${pageTree} 0 R >>`);
  set(pageTree, `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pageIds.length} >>`);
  set(info, `<< /Title ${textString(doc.title)} /Author ${textString(doc.author)} /Producer (payment-portal) >>`);

  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [encoder.encode("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")];
  let length = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(length);
    const chunk =
      typeof object === "string"
        ? [encoder.encode(`${i + 1} 0 obj\n${object}\nendobj\n`)]
        : [encoder.encode(`${i + 1} 0 obj\n${object.dict}\nstream\n`), object.data, encoder.encode("\nendstream\nendobj\n")];
    for (const part of chunk) {
      parts.push(part);
      length += part.length;
    }
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`)].join("");
  parts.push(encoder.encode(`${xref}trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${length}\n%%EOF\n`));
  return concat(parts);
}

function renumber(op: string, fontId: number, newIds: Map<number, number>): string {
  if (!op.startsWith(`BT /F${fontId} `)) return op;
  return op.replace(
    /<([0-9a-f]+)> Tj/,
    (_, hex: string) => `<${hex.replace(/[0-9a-f]{4}/g, (g) => newIds.get(parseInt(g, 16))!.toString(16).padStart(4, "0"))}> Tj`,
  );
}

function toUnicodeCMap(glyphMap: Map<number, string>, newIds: Map<number, number>): string {
  const entries = [...glyphMap].map(([glyph, text]) => `<${newIds.get(glyph)!.toString(16).padStart(4, "0")}> <${utf16Hex(text)}>`);
  const chunks: string[] = [];
  for (let i = 0; i < entries.length; i += 100)
    chunks.push(`${Math.min(100, entries.length - i)} beginbfchar\n${entries.slice(i, i + 100).join("\n")}\nendbfchar`);
  return [
    "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def",
    "1 begincodespacerange <0000> <ffff> endcodespacerange",
    ...chunks,
    "endcmap CMapName currentdict /CMap defineresource pop end end",
  ].join("\n");
}

const utf16Hex = (text: string) => Array.from({ length: text.length }, (_, i) => text.charCodeAt(i).toString(16).padStart(4, "0")).join("");
/** A PDF text string in UTF-16BE, so titles in any script show in the viewer. */
const textString = (text: string) => `<feff${utf16Hex(text)}>`;
const num = (value: number) => (Math.round(value * 100) / 100).toString();

/** The six-letter subset prefix PDF requires, derived from the glyphs so it is stable. */
function subsetTag(fontId: number, glyphs: number[]): string {
  let hash = fontId * 2654435761;
  for (const g of glyphs) hash = Math.imul(hash ^ g, 16777619) >>> 0;
  return Array.from({ length: 6 }, (_, i) => String.fromCharCode(65 + ((hash >>> (i * 5)) % 26))).join("");
}

async function deflate(data: Uint8Array): Promise<Uint8Array> {
  const compressed = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(compressed).arrayBuffer());
}
