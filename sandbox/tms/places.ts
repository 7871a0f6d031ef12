/**
 * Real-looking loading sites and goods for seed data (the bundled seed and generate-seed.ts).
 * Streets and postcodes are plausible for their city; site names are made up.
 */

export interface Place {
  key: string;
  name: string;
  street: string;
  zip: string;
  city: string;
  countryCode: string;
}

const p = (key: string, name: string, street: string, zip: string, city: string, countryCode: string): Place => ({
  key,
  name,
  street,
  zip,
  city,
  countryCode,
});

export const PLACES: readonly Place[] = [
  p('HH-ALT', 'Containerterminal Altenwerder, Tor 2', 'Am Ballinkai 1', '21129', 'Hamburg', 'DE'),
  p('HH-BIL', 'Lager Billbrook', 'Billbrookdeich 95', '22113', 'Hamburg', 'DE'),
  p('HH-KAI', 'Werk Nord', 'Am Kai 3', '20457', 'Hamburg', 'DE'),
  p('MUC-FRE', 'Lager Süd', 'Industriestr. 9', '80939', 'München', 'DE'),
  p('MUC-GRO', 'Großmarkthalle München, Rampe 4', 'Schäftlarnstraße 10', '81371', 'München', 'DE'),
  p('BER-SPA', 'Logistikpark Spandau', 'Am Juliusturm 26', '13599', 'Berlin', 'DE'),
  p('BER-NEU', 'Baustoffzentrum Neukölln', 'Gradestraße 50', '12347', 'Berlin', 'DE'),
  p('HB-NEU', 'Neustädter Hafen, Schuppen 3', 'Senator-Borttscheller-Straße 1', '28197', 'Bremen', 'DE'),
  p('BHV-FIS', 'Kühlhaus Fischereihafen', 'Am Fischereihafen 5', '27572', 'Bremerhaven', 'DE'),
  p('CGN-NIE', 'Hafen Niehl, Halle 4', 'Am Molenkopf 5', '50735', 'Köln', 'DE'),
  p('DU-RUH', 'Hafen Ruhrort, Lager 7', 'Hafenstraße 24', '47119', 'Duisburg', 'DE'),
  p('DO-HAF', 'Containerterminal Dortmund', 'Kanalstraße 25', '44147', 'Dortmund', 'DE'),
  p('STR-FEU', 'Werk Feuerbach, Wareneingang', 'Heilbronner Straße 345', '70469', 'Stuttgart', 'DE'),
  p('STR-VAI', 'Lager Vaihingen', 'Industriestraße 20', '70565', 'Stuttgart', 'DE'),
  p('FFM-FZ', 'Frischezentrum Frankfurt', 'Am Martinszehnten 2', '60437', 'Frankfurt am Main', 'DE'),
  p('LEJ-GVZ', 'GVZ Leipzig, Halle B', 'Am Alten Flughafen 1', '04356', 'Leipzig', 'DE'),
  p('NUE-HAF', 'Hafen Nürnberg, Halle 12', 'Hafenstraße 10', '90451', 'Nürnberg', 'DE'),
  p('H-LIN', 'Lindener Hafen, Lager 2', 'Am Lindener Hafen 5', '30453', 'Hannover', 'DE'),
  p('MA-RHE', 'Rheinauhafen Mannheim', 'Rheinvorlandstraße 5', '68159', 'Mannheim', 'DE'),
  p('FR-TUL', 'Holzhof Freiburg-Nord', 'Tullastraße 84', '79108', 'Freiburg im Breisgau', 'DE'),
  p('KA-RHE', 'Rheinhafen Karlsruhe, Kai 3', 'Rheinhafenstraße 20', '76189', 'Karlsruhe', 'DE'),
  p('DD-ALB', 'Alberthafen Dresden', 'Magdeburger Straße 58', '01067', 'Dresden', 'DE'),
  p('HL-SKA', 'Skandinavienkai, Terminal 5', 'Zum Hafenplatz 1', '23570', 'Lübeck', 'DE'),
  p('A-OST', 'Baumarkt Augsburg-Ost', 'Friedberger Straße 143', '86163', 'Augsburg', 'DE'),
  p('R-HAF', 'Bayernhafen Regensburg', 'Linzer Straße 6', '93055', 'Regensburg', 'DE'),
  p('EF-GVZ', 'GVZ Erfurt, Tor 1', 'Am Urbicher Kreuz 10', '99099', 'Erfurt', 'DE'),
  p('UL-DON', 'Lager Donautal', 'Daimlerstraße 20', '89079', 'Ulm', 'DE'),
  p('KI-OST', 'Ostuferhafen Kiel', 'Ostuferhafen 15', '24149', 'Kiel', 'DE'),
  p('OS-MOE', 'Möbelwerk Osnabrück', 'Fürstenauer Weg 80', '49090', 'Osnabrück', 'DE'),
  p('NE-HAF', 'Hafen Neuss, Speicher 9', 'Hafenstraße 50', '41460', 'Neuss', 'DE'),
  p('RO-SEE', 'Seehafen Rostock, Liegeplatz 40', 'Ost-West-Straße 32', '18147', 'Rostock', 'DE'),
  p('ZH-ALT', 'Verteilzentrum Zürich-Altstetten', 'Hohlstrasse 550', '8048', 'Zürich', 'CH'),
  p('BS-KLE', 'Rheinhafen Kleinhüningen', 'Hafenstrasse 25', '4057', 'Basel', 'CH'),
  p('BE-BUE', 'Logistikzentrum Bern-Bümpliz', 'Freiburgstrasse 251', '3018', 'Bern', 'CH'),
  p('SG-WES', 'Lager St. Gallen West', 'Zürcher Strasse 204', '9014', 'St. Gallen', 'CH'),
  p('LU-KRI', 'Lager Kriens', 'Industriestrasse 12', '6010', 'Kriens', 'CH'),
  p('POZ-GLO', 'Centrum Logistyczne Poznań', 'ul. Głogowska 432', '60-004', 'Poznań', 'PL'),
  p('WAW-ANN', 'Magazyn Annopol', 'ul. Annopol 17', '03-236', 'Warszawa', 'PL'),
  p('WRO-KWI', 'Magazyn Wrocław Psie Pole', 'ul. Kwidzyńska 6', '51-416', 'Wrocław', 'PL'),
  p('SZZ-BYT', 'Port Szczecin, Nabrzeże Bytomskie', 'ul. Bytomska 7', '70-603', 'Szczecin', 'PL'),
  p('LDZ-ROK', 'Centrum Dystrybucyjne Łódź', 'ul. Rokicińska 144', '92-412', 'Łódź', 'PL'),
  p('RTM-WAA', 'Waalhaven Distributiecentrum', 'Waalhaven Zuidzijde 19', '3089 JH', 'Rotterdam', 'NL'),
  p('VEN-TRA', 'Venlo Trade Port, Hal 3', 'Celsiusweg 41', '5928 PR', 'Venlo', 'NL'),
  p('AMS-WES', 'Westpoort Warehouse', 'Westpoortweg 480', '1047 HB', 'Amsterdam', 'NL'),
  p('VIE-FRE', 'Hafen Wien Freudenau', 'Freudenauer Hafenstraße 8', '1020', 'Wien', 'AT'),
  p('LNZ-CHE', 'Chemiepark Linz, Tor 3', 'St.-Peter-Straße 25', '4021', 'Linz', 'AT'),
  p('SZG-NOR', 'Lager Salzburg-Nord', 'Münchner Bundesstraße 111', '5020', 'Salzburg', 'AT'),
  p('ANR-NOO', 'Haven 1333, Kaai 1333', 'Noorderlaan 147', '2030', 'Antwerpen', 'BE'),
  p('SXB-RHI', 'Port du Rhin, Quai 4', 'Rue du Port du Rhin 25', '67100', 'Strasbourg', 'FR'),
  p('MIL-MEC', 'Magazzino Milano Est', 'Via Mecenate 76', '20138', 'Milano', 'IT'),
  p('PRG-HOS', 'Logistické centrum Praha-Hostivař', 'Průmyslová 1472', '108 00', 'Praha', 'CZ'),
  p('PAD-IND', 'Transportcenter Padborg', 'Industrivej 14', '6330', 'Padborg', 'DK'),
];

export function place(key: string): Place {
  const found = PLACES.find((pl) => pl.key === key);
  if (!found) throw new Error(`unknown place ${key}`);
  return found;
}

export interface GoodsKind {
  goods: string;
  /** [min, max] of a typical load. */
  weightKg: [number, number];
  loadingMeters: [number, number];
  /** Bulk goods (coils, timber, sand) travel without pallets. */
  pallets: [number, number] | null;
}

export const GOODS: readonly GoodsKind[] = [
  { goods: 'Maschinenteile', weightKg: [4000, 18000], loadingMeters: [4.8, 13.6], pallets: [8, 30] },
  { goods: 'Getränke, Mehrweg', weightKg: [18000, 24000], loadingMeters: [13.6, 13.6], pallets: [33, 33] },
  { goods: 'Tiefkühlkost (−18 °C)', weightKg: [12000, 21000], loadingMeters: [13.6, 13.6], pallets: [30, 33] },
  { goods: 'Frischfisch (0–2 °C)', weightKg: [3000, 9000], loadingMeters: [4.8, 9.6], pallets: [6, 18] },
  { goods: 'Schnittholz', weightKg: [16000, 24000], loadingMeters: [13.6, 13.6], pallets: null },
  { goods: 'Papierrollen', weightKg: [20000, 24000], loadingMeters: [13.6, 13.6], pallets: null },
  { goods: 'Stahlcoils', weightKg: [22000, 25000], loadingMeters: [6.0, 8.0], pallets: null },
  { goods: 'Lösungsmittel, ADR Klasse 3', weightKg: [8000, 22000], loadingMeters: [6.0, 13.6], pallets: [10, 24] },
  { goods: 'Unterhaltungselektronik', weightKg: [2500, 9000], loadingMeters: [6.4, 13.6], pallets: [16, 33] },
  { goods: 'Möbel, verpackt', weightKg: [3500, 8000], loadingMeters: [13.6, 13.6], pallets: null },
  { goods: 'Autoteile', weightKg: [5000, 16000], loadingMeters: [7.2, 13.6], pallets: [12, 33] },
  { goods: 'Zement, Sackware', weightKg: [23000, 25000], loadingMeters: [13.6, 13.6], pallets: [24, 26] },
  { goods: 'Fliesen', weightKg: [20000, 24000], loadingMeters: [9.6, 13.6], pallets: [22, 28] },
  { goods: 'Dämmstoffe', weightKg: [2000, 4500], loadingMeters: [13.6, 13.6], pallets: [33, 33] },
  { goods: 'Arzneimittel (15–25 °C)', weightKg: [1500, 7000], loadingMeters: [2.4, 8.0], pallets: [4, 20] },
  { goods: 'Textilien', weightKg: [3000, 8000], loadingMeters: [6.0, 13.6], pallets: [12, 33] },
  { goods: 'Kunststoffgranulat, Big Bags', weightKg: [18000, 24000], loadingMeters: [13.6, 13.6], pallets: [20, 24] },
  { goods: 'Flachglas', weightKg: [15000, 22000], loadingMeters: [13.6, 13.6], pallets: null },
  { goods: 'Leergut', weightKg: [2000, 6000], loadingMeters: [13.6, 13.6], pallets: [33, 33] },
  { goods: 'Stückgut, gemischt', weightKg: [800, 6000], loadingMeters: [1.2, 8.0], pallets: [2, 16] },
];
