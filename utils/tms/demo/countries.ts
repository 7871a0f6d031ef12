/**
 * The demo TMS prints countries by English name ("Germany"); orders need ISO codes. The
 * reverse table comes from Intl, so it covers every region the page can print.
 */
let byName: Map<string, string> | undefined;

export function countryCode(name: string): string | undefined {
  const trimmed = name.trim();
  if (/^[A-Z]{2}$/.test(trimmed)) return trimmed;
  if (!byName) {
    byName = new Map();
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (const a of letters) {
      for (const b of letters) {
        const code = a + b;
        // Deprecated codes print as their successor's name (DD "Germany", BU "Myanmar (Burma)",
        // CS "Serbia"); only the canonical code may claim the name, or "Germany" reads as DD.
        if (!isCanonicalRegion(code)) continue;
        const label = names.of(code);
        if (label && !byName.has(label.toLowerCase())) byName.set(label.toLowerCase(), code);
      }
    }
  }
  return byName.get(trimmed.toLowerCase());
}

function isCanonicalRegion(code: string): boolean {
  try {
    return Intl.getCanonicalLocales(`und-${code}`)[0] === `und-${code}`;
  } catch {
    return false;
  }
}
