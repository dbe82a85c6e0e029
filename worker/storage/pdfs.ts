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
