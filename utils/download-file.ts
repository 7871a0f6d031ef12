/**
 * Hands a file to the browser as a download (export files, an invoice's PDF or XML). The
 * object URL lives a minute: the download has its own copy once it started.
 */
import { base64ToBytes } from './base64';

function downloadBlob(name: string, blob: Blob, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = name;
  doc.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function downloadTextFile(name: string, text: string, type = 'application/json'): void {
  downloadBlob(name, new Blob([text], { type }));
}

/** Exact bytes (export files: DATEV's are Windows-1252, not text). */
export function downloadBytesFile(name: string, bytes: Uint8Array<ArrayBuffer>, type: string): void {
  downloadBlob(name, new Blob([bytes], { type }));
}

/** Bytes that came as base64 in a message (an invoice's PDF or XML). */
export function downloadBase64File(name: string, base64: string, type: string, doc: Document = document): void {
  downloadBlob(name, new Blob([base64ToBytes(base64)], { type }), doc);
}
