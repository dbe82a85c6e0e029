// A printable document as data: headings, paragraphs and tables of text, nothing about pages or
// fonts. The statement of account is built as one of these; ui/receipt-pdf.ts lays it out as a PDF
// and ui/pages/TextDocumentHtml.tsx as HTML, so both always say the same thing.

export interface DocColumn {
  label: string;
  /** Amounts and counts are right-aligned. */
  align: "start" | "end";
}

export type DocBlock =
  | { kind: "heading"; level: 1 | 2; text: string }
  | { kind: "paragraph"; text: string; style?: "strong" | "muted" }
  | { kind: "table"; caption: string; columns: DocColumn[]; rows: string[][]; foot?: string[][]; empty?: string };

export interface TextDocument {
  /** The PDF's title and the HTML page's heading context. */
  title: string;
  author: string;
  /** Printed at the foot of each PDF page, with {page} and {pages}. */
  pageLabel: string;
  blocks: DocBlock[];
}
