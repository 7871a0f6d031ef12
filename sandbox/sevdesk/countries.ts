/**
 * sevdesk's StaticCountry list (ids from lacodix/sevdesk-saloon `Countries.php`). Ids are not
 * ISO numbers and not in ISO order, which is why clients must resolve them by `code`.
 * `code` is lowercase ISO alpha-2, as in the community-corrected spec's example ("de").
 */
export interface Country {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  /** Standard and reduced VAT rates, for the One-Stop-Shop rules (EU members only). */
  ossRates?: string[];
}

// OSS rates are the sandbox's approximation of the member states' rates in 2026; the real
// account derives them from its own tables.
export const COUNTRIES: readonly Country[] = [
  { id: '1', code: 'de', name: 'Deutschland', nameEn: 'Germany', ossRates: ['19', '7'] },
  { id: '2', code: 'ch', name: 'Schweiz', nameEn: 'Switzerland' },
  { id: '3', code: 'at', name: 'Österreich', nameEn: 'Austria', ossRates: ['20', '13', '10'] },
  { id: '6', code: 'be', name: 'Belgien', nameEn: 'Belgium', ossRates: ['21', '12', '6'] },
  { id: '7', code: 'bg', name: 'Bulgarien', nameEn: 'Bulgaria', ossRates: ['20', '9'] },
  { id: '8', code: 'dk', name: 'Dänemark', nameEn: 'Denmark', ossRates: ['25'] },
  { id: '9', code: 'gb', name: 'Großbritannien', nameEn: 'Great Britain' },
  { id: '10', code: 'fi', name: 'Finnland', nameEn: 'Finland', ossRates: ['25.5', '13.5', '10'] },
  { id: '11', code: 'fr', name: 'Frankreich', nameEn: 'France', ossRates: ['20', '10', '5.5', '2.1'] },
  { id: '12', code: 'gr', name: 'Griechenland', nameEn: 'Greece', ossRates: ['24', '13', '6'] },
  { id: '13', code: 'ie', name: 'Irland', nameEn: 'Ireland', ossRates: ['23', '13.5', '9', '4.8'] },
  { id: '14', code: 'it', name: 'Italien', nameEn: 'Italy', ossRates: ['22', '10', '5', '4'] },
  { id: '16', code: 'lv', name: 'Lettland', nameEn: 'Latvia', ossRates: ['21', '12', '5'] },
  { id: '17', code: 'lu', name: 'Luxemburg', nameEn: 'Luxembourg', ossRates: ['17', '14', '8', '3'] },
  { id: '18', code: 'nl', name: 'Niederlande', nameEn: 'Netherlands', ossRates: ['21', '9'] },
  { id: '19', code: 'no', name: 'Norwegen', nameEn: 'Norway' },
  { id: '21', code: 'pl', name: 'Polen', nameEn: 'Poland', ossRates: ['23', '8', '5'] },
  { id: '22', code: 'pt', name: 'Portugal', nameEn: 'Portugal', ossRates: ['23', '13', '6'] },
  { id: '23', code: 'ro', name: 'Rumänien', nameEn: 'Romania', ossRates: ['21', '11'] },
  { id: '25', code: 'se', name: 'Schweden', nameEn: 'Sweden', ossRates: ['25', '12', '6'] },
  { id: '27', code: 'sk', name: 'Slowakei', nameEn: 'Slovakia', ossRates: ['23', '19', '5'] },
  { id: '28', code: 'si', name: 'Slowenien', nameEn: 'Slovenia', ossRates: ['22', '9.5', '5'] },
  { id: '29', code: 'es', name: 'Spanien', nameEn: 'Spain', ossRates: ['21', '10', '4'] },
  { id: '30', code: 'cz', name: 'Tschechien', nameEn: 'Czech Republic', ossRates: ['21', '12'] },
  { id: '31', code: 'hu', name: 'Ungarn', nameEn: 'Hungary', ossRates: ['27', '18', '5'] },
  { id: '37', code: 'mt', name: 'Malta', nameEn: 'Malta', ossRates: ['18', '7', '5'] },
  { id: '42', code: 'li', name: 'Liechtenstein', nameEn: 'Liechtenstein' },
  { id: '48', code: 'hr', name: 'Kroatien', nameEn: 'Croatia', ossRates: ['25', '13', '5'] },
  { id: '1346', code: 'lt', name: 'Litauen', nameEn: 'Lithuania', ossRates: ['21', '9', '5'] },
  { id: '1353', code: 'us', name: 'USA', nameEn: 'United States' },
  { id: '1390', code: 'ee', name: 'Estland', nameEn: 'Estonia', ossRates: ['24', '13', '9'] },
  { id: '1490', code: 'cy', name: 'Zypern', nameEn: 'Cyprus', ossRates: ['19', '9', '5'] },
];

export const GERMANY_ID = '1';

export function countryById(id: string): Country | undefined {
  return COUNTRIES.find((c) => c.id === id);
}
