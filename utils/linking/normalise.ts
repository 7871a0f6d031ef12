/**
 * Company names and VAT IDs as people write them, reduced to what identifies the company:
 * "Rheinfracht GmbH & Co. KG" and "RHEINFRACHT" are the same name, "DE 123 456 789" and
 * "DE123456789" the same VAT ID. Pure functions: used to rank suggestions and to choose what
 * to search for.
 */

/** Letters that Unicode does not decompose into a base letter and a mark. */
const SPECIAL_LETTERS: Record<string, string> = { ß: 'ss', ł: 'l', ø: 'o', æ: 'ae', œ: 'oe', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** Lowercase, without diacritics ("Müller" → "muller", "Łódź" → "lodz"). */
export function foldCase(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßłøæœđðþı]/g, (c) => SPECIAL_LETTERS[c] ?? c);
}

/**
 * Legal forms as token sequences, after folding and punctuation removal: "Sp. z o.o." becomes
 * "sp z oo", "B.V." "bv", "GmbH & Co. KG" "gmbh co kg". Removed from the end of a name.
 */
const LEGAL_FORMS: readonly string[] = [
  // German-speaking countries
  'gmbh co kgaa', 'gmbh co kg', 'gmbh co ohg', 'gmbh und co kg', 'ag co kg', 'ag co kgaa', 'se co kg', 'se co kgaa', 'ug haftungsbeschrankt co kg', 'ug co kg', 'ltd co kg',
  'co kgaa', 'co kg', 'co ohg', 'co',
  'ug haftungsbeschrankt', 'ug haftungsbeschraenkt', 'ug', 'ggmbh', 'gmbh', 'gesmbh', 'mbh', 'ag', 'kgaa', 'kg', 'ohg', 'gbr', 'partg mbb', 'partgmbb', 'partg',
  'ek', 'e k', 'ekfm', 'ekfr', 'eg', 'e g', 'ev', 'e v', 'se', 'vvag',
  'gesellschaft mit beschrankter haftung', 'aktiengesellschaft', 'kommanditgesellschaft',
  // Benelux, France, Southern Europe
  'bv', 'nv', 'bvba', 'vof', 'cv', 'sa', 'sas', 'sasu', 'sarl', 'eurl', 'sca', 'srl', 'srls', 'spa', 'sapa', 'snc', 'sl', 'slu', 'lda',
  // Central and Eastern Europe
  'sp z oo', 'sp z o o', 'spzoo', 'sp k', 'sp j', 'sro', 's ro', 'spol sro', 'spol s ro', 'as', 'kft', 'zrt', 'nyrt', 'doo', 'dd', 'ooo', 'ou', 'uab', 'sia', 'ad', 'ead', 'eood', 'ood',
  // Nordic countries
  'aps', 'ab', 'ab publ', 'oy', 'oyj', 'asa',
  // English-speaking countries
  'ltd', 'limited', 'llc', 'llp', 'lp', 'inc', 'incorporated', 'corp', 'corporation', 'plc', 'pty ltd', 'pty', 'co ltd',
];

const LEGAL_FORM_TOKENS: readonly (readonly string[])[] = [...new Set(LEGAL_FORMS)]
  .map((f) => f.split(' '))
  .sort((a, b) => b.length - a.length);

/** Words joined to the next by "&", "+", "und" or "and" inside a legal form ("GmbH & Co. KG"). */
const JOINERS = new Set(['und', 'and']);

/**
 * The words of a name, folded, without punctuation. Dots and slashes join ("B.V." → "bv",
 * "A/S" → "as"); every other punctuation mark separates words.
 */
export function nameTokens(name: string): string[] {
  return foldCase(name)
    .replace(/[./]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

function endsWith(tokens: readonly string[], suffix: readonly string[]): boolean {
  if (suffix.length >= tokens.length) return false; // a name is never only its legal form
  return suffix.every((t, i) => tokens[tokens.length - suffix.length + i] === t);
}

/** The tokens without legal-form suffixes; at least one token always stays. */
export function coreTokens(name: string): string[] {
  let tokens = nameTokens(name);
  for (let changed = true; changed; ) {
    changed = false;
    // "GmbH und Co. KG": a joiner before a legal form belongs to it.
    for (const form of LEGAL_FORM_TOKENS) {
      if (endsWith(tokens, form)) {
        tokens = tokens.slice(0, tokens.length - form.length);
        changed = true;
        break;
      }
    }
    if (!changed && tokens.length > 1 && JOINERS.has(tokens[tokens.length - 1]!)) {
      tokens = tokens.slice(0, -1);
      changed = true;
    }
  }
  return tokens;
}

/**
 * A company name reduced to what identifies it: lowercase, without diacritics, punctuation
 * and legal-form suffixes. "Polex Transport Sp. z o.o." → "polex transport".
 */
export function normaliseCompanyName(name: string): string {
  return coreTokens(name).join(' ');
}

/**
 * The key two names are compared by: the normalised name without spaces and without "und"/
 * "and" (written "&" elsewhere), with German umlaut spellings folded ("Müller" = "Mueller" =
 * "MULLER"), so "Rhein-Fracht" equals "Rheinfracht".
 */
export function companyNameKey(name: string): string {
  return coreTokens(name)
    .filter((t) => !JOINERS.has(t))
    .join('')
    .replace(/([aou])e/g, '$1');
}

/** Words that say what a company does rather than who it is: poor search terms. */
const GENERIC_WORDS = new Set([
  'spedition', 'speditions', 'logistik', 'logistics', 'logistic', 'logistique', 'transport', 'transporte', 'transporter', 'transports', 'trans', 'cargo', 'fracht',
  'freight', 'shipping', 'service', 'services', 'handel', 'handels', 'gruppe', 'group', 'international', 'internationale', 'holding', 'europe', 'europa',
  'deutschland', 'germany', 'germania', 'company', 'firma', 'und', 'and', 'the', 'der', 'die', 'das', 'von', 'van', 'de', 'la', 'le', 'et',
]);

export const isGenericWord = (token: string): boolean => GENERIC_WORDS.has(token);

/**
 * What to search the billing system for to find this company: its most distinctive word as
 * written (with its diacritics: billing systems match names as stored), e.g. "Nordlicht" for
 * "Spedition Nordlicht GmbH", "Kühllogistik" for 'Frost & Frische <Kühllogistik> "Nord" GmbH'.
 * The longest word that is not generic wins; null when no word has 3 characters.
 */
export function coreSearchTerm(name: string): string | null {
  const core = new Set(coreTokens(name));
  const words = name
    .split(/[\s&+,;:()<>"'„“”‚‘’«»[\]{}|]+/u)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((w) => w.length >= 3 && /^[\p{L}\p{N}.\-]+$/u.test(w));
  const candidates = words
    .map((word) => ({ word, tokens: nameTokens(word) }))
    .filter((c) => c.tokens.length > 0 && c.tokens.every((t) => core.has(t)));
  const best = (list: typeof candidates) => list.reduce<(typeof candidates)[number] | null>((a, b) => (a === null || b.word.length > a.word.length ? b : a), null);
  return (best(candidates.filter((c) => !c.tokens.every(isGenericWord))) ?? best(candidates))?.word ?? null;
}

/** Suffixes Swiss VAT numbers carry ("CHE-123.456.788 MWST"). */
const SWISS_SUFFIX = /(MWST|TVA|IVA|VAT)$/;

/**
 * A VAT ID in one spelling: uppercase, without spaces, dots, dashes or slashes; Greece as
 * "EL" (its VAT prefix) also when written "GR"; Swiss numbers without their "MWST"/"TVA"/
 * "IVA" suffix. "DE 123 456 789" → "DE123456789", "CHE-123.456.788 MWST" → "CHE123456788".
 * Null for an empty text.
 */
export function normaliseVatId(text: string | null | undefined): string | null {
  if (!text) return null;
  let id = text.toUpperCase().replace(/[\s.\-/_]/g, '');
  if (id.startsWith('CHE')) id = id.replace(SWISS_SUFFIX, '');
  if (id.startsWith('GR')) id = `EL${id.slice(2)}`;
  return id.length > 0 ? id : null;
}

/**
 * The VAT ID as billing systems compare it when scanning their contacts (spaces, dots and
 * dashes removed, nothing else changed): the text to search for.
 */
export function vatSearchTerm(text: string | null | undefined): string | null {
  if (!text) return null;
  const id = text.toUpperCase().replace(/[\s.\-]/g, '');
  return id.length >= 8 ? id : null;
}

/** Customer numbers compare as written, but "010001" is "10001". */
export function normaliseCustomerNumber(text: string | null | undefined): string | null {
  const n = text?.trim().replace(/\s+/g, '');
  if (!n) return null;
  return /^\d+$/.test(n) ? n.replace(/^0+(?=\d)/, '') : n.toUpperCase();
}
