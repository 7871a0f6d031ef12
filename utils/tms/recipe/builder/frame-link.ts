/** Which origin a link the user followed opens in a frame of the page (the Frames TMS's order links). */

/**
 * The origin of the page a link opens in one of this document's frames (`target` naming an
 * iframe), or null: the frame's own address can't be read across origins, the link's can.
 */
export function frameLinkOrigin(target: EventTarget | null, doc: Document = document): string | null {
  const link = target instanceof Element ? target.closest('a[href][target]') : null;
  const name = link?.getAttribute('target');
  if (!link || !name || ![...doc.querySelectorAll('iframe[name]')].some((f) => f.getAttribute('name') === name)) return null;
  try {
    const url = new URL(link.getAttribute('href') ?? '', doc.baseURI);
    return /^https?:$/.test(url.protocol) ? url.origin : null;
  } catch {
    return null;
  }
}
