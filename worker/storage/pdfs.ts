// Invoice PDFs live in R2 under invoices/<invoice number>.pdf.

export function invoicePdfKey(invoiceNumber: string): string {
  return `invoices/${invoiceNumber}.pdf`;
}

export async function readPdf(bucket: R2Bucket, key: string): Promise<R2ObjectBody | null> {
  return bucket.get(key);
}

export async function putPdfIfAbsent(bucket: R2Bucket, key: string, bytes: Uint8Array): Promise<boolean> {
  const existing = await bucket.head(key);
  if (existing) return false;
  await bucket.put(key, bytes, { httpMetadata: { contentType: "application/pdf" } });
  return true;
}

/** Writes a PDF unless the same bytes are already there (re-imports change nothing). */
export async function putPdf(bucket: R2Bucket, key: string, bytes: Uint8Array): Promise<"written" | "unchanged"> {
  const existing = await bucket.get(key);
  if (existing) {
    const current = new Uint8Array(await existing.arrayBuffer());
    if (current.length === bytes.length && current.every((byte, i) => byte === bytes[i])) return "unchanged";
  }
  await bucket.put(key, bytes, { httpMetadata: { contentType: "application/pdf" } });
  return "written";
}

/** What a PDF starts with; anything else is refused before it reaches R2. */
export function looksLikePdf(bytes: Uint8Array): boolean {
  return bytes.length >= 5 && String.fromCharCode(...bytes.subarray(0, 5)) === "%PDF-";
}
