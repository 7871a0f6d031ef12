/**
 * File names for downloaded invoice files: the billing system's name from
 * Content-Disposition when it gives one, else the invoice number; never a path.
 */
export function fileNameFrom(disposition: string | null, fallback: string, extension: string): string {
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition ?? '')?.[1];
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition ?? '')?.[1];
  let name = '';
  try {
    name = star ? decodeURIComponent(star.trim().replace(/^"|"$/g, '')) : (plain ?? '');
  } catch {
    name = plain ?? '';
  }
  return safeFileName(name.trim() || `${fallback}.${extension}`, extension);
}

/** Keeps letters, digits and a few marks; ensures the extension. */
export function safeFileName(name: string, extension: string): string {
  const base = name.replace(/[/\\:*?"<>|\u0000-\u001f]+/g, '_').replace(/^\.+/, '').slice(0, 120) || 'invoice';
  return base.toLowerCase().endsWith(`.${extension}`) ? base : `${base}.${extension}`;
}
