/** SHA-256 (hex) of the receipt code's 12 characters, as the server publishes it. */
export async function receiptHash(code: string): Promise<string> {
  const data = new TextEncoder().encode(code.replace(/[-\s]/g, '').toUpperCase());
  const digest = await crypto.subtle.digest('SHA-256', data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
