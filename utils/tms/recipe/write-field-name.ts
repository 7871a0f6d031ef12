/**
 * What the user sees a TMS form field called: its label, accessible name, title or name.
 * Plain DOM and no imports: the main content script uses it without the recipe engine.
 */
export function writeFieldName(field: HTMLInputElement | HTMLTextAreaElement): string {
  const label = field.labels?.[0]?.textContent || field.getAttribute('aria-label') || field.getAttribute('title') || field.name;
  return label.replace(/\s+/g, ' ').trim().replace(/:$/, '');
}
