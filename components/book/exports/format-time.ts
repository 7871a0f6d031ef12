/** An export's time as the user reads it, in their language and time zone. */
export const exportTime = (iso: string, intl: string): string => new Intl.DateTimeFormat(intl, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
