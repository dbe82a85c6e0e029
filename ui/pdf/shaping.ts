// Arabic shaping and right-to-left ordering for single lines of a left-to-right document (names
// and addresses inside English or Spanish labels). Letters take their joined forms through the
// Unicode presentation forms, which the Arabic font maps; runs of right-to-left text are laid out
// reversed, with numbers inside them kept left to right. Each shaped glyph remembers the logical
// text it stands for, so copied and extracted text reads in the right order.

export interface ShapedChar {
  /** The code point to draw (possibly a presentation form or ligature). */
  draw: number;
  /** The logical text this glyph stands for. */
  text: string;
  rtl: boolean;
}

// Presentation Forms-B for U+0621..U+064A: first form's code point and how many forms the letter
// has (1: isolated only, 2: isolated + final (right-joining), 4: isolated, final, initial, medial).
const FORMS_B: Record<number, [number, number]> = {};
{
  const counts = [1, 2, 2, 2, 2, 4, 2, 4, 2, 4, 4, 4, 4, 4, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4, 4, 4];
  let form = 0xfe80;
  counts.forEach((count, i) => {
    FORMS_B[0x0621 + i] = [form, count];
    form += count;
  });
  for (const [letter, count] of [
    [0x0641, 4],
    [0x0642, 4],
    [0x0643, 4],
    [0x0644, 4],
    [0x0645, 4],
    [0x0646, 4],
    [0x0647, 4],
    [0x0648, 2],
    [0x0649, 2],
    [0x064a, 4],
  ] as const) {
    FORMS_B[letter] = [form, count];
    form += count;
  }
}
// Persian and Urdu letters, in Presentation Forms-A.
const FORMS_A: Record<number, [number, number]> = {
  0x067e: [0xfb56, 4], // peh
  0x0686: [0xfb7a, 4], // tcheh
  0x0698: [0xfb8a, 2], // jeh
  0x06a9: [0xfb8e, 4], // keheh
  0x06af: [0xfb92, 4], // gaf
  0x06cc: [0xfbfc, 4], // farsi yeh
};
// Lam followed by an alef: one ligature glyph (isolated, final).
const LAM_ALEF: Record<number, number> = { 0x0622: 0xfef5, 0x0623: 0xfef7, 0x0625: 0xfef9, 0x0627: 0xfefb };

const forms = (cp: number) => FORMS_B[cp] ?? FORMS_A[cp];
const isTransparent = (cp: number) => (cp >= 0x064b && cp <= 0x065f) || cp === 0x0670;
export const isRtl = (cp: number) => (cp >= 0x0590 && cp <= 0x08ff) || (cp >= 0xfb1d && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfeff);
const isDigit = (cp: number) => (cp >= 0x30 && cp <= 0x39) || (cp >= 0x0660 && cp <= 0x0669) || (cp >= 0x06f0 && cp <= 0x06f9);
const isLetterLike = (cp: number) => !isRtl(cp) && !isDigit(cp) && /[\p{L}\p{M}]/u.test(String.fromCodePoint(cp));

/** Joins Arabic letters: each letter gets its isolated, initial, medial or final form. */
function shapeArabic(codePoints: number[]): ShapedChar[] {
  const out: ShapedChar[] = [];
  const joinsForward = (cp: number | undefined) => cp !== undefined && forms(cp)?.[1] === 4;
  const joinable = (cp: number | undefined) => cp !== undefined && forms(cp) !== undefined;
  // Neighbours skip transparent marks (harakat), which do not break joining.
  const neighbour = (from: number, step: number) => {
    for (let i = from + step; i >= 0 && i < codePoints.length; i += step) if (!isTransparent(codePoints[i]!)) return codePoints[i];
    return undefined;
  };
  for (let i = 0; i < codePoints.length; i++) {
    const cp = codePoints[i]!;
    const own = forms(cp);
    const rtl = isRtl(cp);
    if (!own) {
      out.push({ draw: cp, text: String.fromCodePoint(cp), rtl });
      continue;
    }
    const previous = neighbour(i, -1);
    const joinedBefore = joinsForward(previous);
    const next = codePoints[i + 1];
    if (cp === 0x0644 && next !== undefined && LAM_ALEF[next] !== undefined) {
      out.push({ draw: LAM_ALEF[next]! + (joinedBefore ? 1 : 0), text: String.fromCodePoint(cp, next), rtl: true });
      i++;
      continue;
    }
    const joinedAfter = own[1] === 4 && joinable(neighbour(i, 1));
    const [first, count] = own;
    let form = 0; // isolated
    if (count >= 2 && joinedBefore) form = joinedAfter && count === 4 ? 3 : 1;
    else if (count === 4 && joinedAfter) form = 2;
    out.push({ draw: first + form, text: String.fromCodePoint(cp), rtl: true });
  }
  return out;
}

/**
 * Shapes a line and puts it in visual (left-to-right drawing) order, for a left-to-right
 * paragraph: right-to-left runs (with the spaces and punctuation between their words) are
 * reversed, numbers inside them keep their own order.
 */
export function shapeLine(text: string): ShapedChar[] {
  const chars = shapeArabic([...text].map((c) => c.codePointAt(0)!));
  const strong = chars.map((c) => (c.rtl ? "R" : isLetterLike(c.draw) ? "L" : isDigit(c.draw) ? "EN" : "N"));
  // A number after right-to-left text belongs to it (it stays left to right inside the run).
  let last = "L";
  const classes = strong.map((cls) => {
    if (cls === "R" || cls === "L") last = cls;
    return cls === "EN" ? last : cls;
  });
  // A neutral between two right-to-left characters belongs to the right-to-left run.
  const resolved = classes.map((cls, i) => {
    if (cls !== "N") return cls;
    let before = "L";
    for (let k = i - 1; k >= 0; k--)
      if (classes[k] !== "N") {
        before = classes[k]!;
        break;
      }
    let after = "L";
    for (let k = i + 1; k < classes.length; k++)
      if (classes[k] !== "N") {
        after = classes[k]!;
        break;
      }
    return before === "R" && after === "R" ? "R" : "L";
  });
  const out: ShapedChar[] = [];
  for (let i = 0; i < chars.length; ) {
    if (resolved[i] !== "R") {
      out.push(chars[i++]!);
      continue;
    }
    let end = i;
    while (end < chars.length && resolved[end] === "R") end++;
    // Reverse the run, but keep each group of digits in its own (left-to-right) order.
    const run = chars.slice(i, end);
    const groups: ShapedChar[][] = [];
    for (const c of run) {
      const last = groups[groups.length - 1];
      if (isDigit(c.draw) && last && isDigit(last[0]!.draw)) last.push(c);
      else groups.push([c]);
    }
    for (const group of groups.reverse()) out.push(...group);
    i = end;
  }
  return out;
}
