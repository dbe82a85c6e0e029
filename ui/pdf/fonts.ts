// The fonts PDFs are set in. Their bytes are static assets (copied from npm font packages by
// tools/build-assets.ts), fetched through the ASSETS binding, never bundled into the Worker:
// Noto Sans (Latin, Greek, Cyrillic), Noto Naskh Arabic and Noto Sans SC (Chinese). Each is
// fetched only when a document needs it and kept for the isolate's life.
import type { Block, FontSet, TextDocument } from "./document";
import { parseTrueType, type TrueTypeFont } from "./truetype";

export const FONT_FILES = {
  latin: "NotoSans-Regular.ttf",
  latinBold: "NotoSans-Bold.ttf",
  arabic: "NotoNaskhArabic-Regular.ttf",
  arabicBold: "NotoNaskhArabic-Bold.ttf",
  // One weight: Chinese in bold text is drawn in the regular weight (a 10 MB file saved).
  cjk: "NotoSansSC-Regular.ttf",
} as const;

/** What fonts are fetched through: the ASSETS binding in the Worker, the files in Node tests. */
export interface FontSource {
  fetch(url: string): Promise<Response>;
}

type FontKey = keyof typeof FONT_FILES;
const loaded = new Map<FontKey, Promise<TrueTypeFont>>();

function load(assets: FontSource, key: FontKey): Promise<TrueTypeFont> {
  let font = loaded.get(key);
  if (!font) {
    font = (async () => {
      const response = await assets.fetch(`https://assets.local/fonts/${FONT_FILES[key]}`);
      if (!response.ok) throw new Error(`font ${FONT_FILES[key]} is missing from the static assets (${response.status})`);
      return parseTrueType(new Uint8Array(await response.arrayBuffer()));
    })();
    // A failed fetch is retried by the next document rather than cached.
    font.catch(() => loaded.delete(key));
    loaded.set(key, font);
  }
  return font;
}

/** The fonts a document needs: Latin always; Arabic and Chinese only for text Latin lacks. */
export async function fontsFor(assets: FontSource, doc: TextDocument): Promise<FontSet> {
  const [latin, latinBold] = await Promise.all([load(assets, "latin"), load(assets, "latinBold")]);
  const missing = [...documentText(doc)].map((c) => c.codePointAt(0)!).filter((cp) => cp > 0x20 && latin.glyphFor(cp) === 0);
  const regular = [latin];
  const bold = [latinBold];
  if (missing.some((cp) => cp >= 0x0600 && cp <= 0x06ff)) {
    const [arabic, arabicBold] = await Promise.all([load(assets, "arabic"), load(assets, "arabicBold")]);
    regular.push(arabic);
    bold.push(arabicBold);
  }
  if (missing.some((cp) => cp < 0x0600 || cp > 0x06ff)) {
    const cjk = await load(assets, "cjk");
    regular.push(cjk);
    bold.push(cjk);
  }
  return { regular, bold };
}

function documentText(doc: TextDocument): string {
  const text = (block: Block): string[] => {
    switch (block.type) {
      case "heading":
      case "text":
        return [block.text];
      case "fields":
        return block.rows.flat();
      case "table":
        return [...block.columns.map((c) => c.header), ...block.rows.flat(), ...(block.totals ?? []).flat()];
      default:
        return [];
    }
  };
  return [doc.title, doc.author, ...doc.blocks.flatMap(text)].join("");
}
