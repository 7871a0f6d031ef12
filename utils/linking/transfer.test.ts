import { describe, expect, it } from 'vitest';
import type { Links } from '../storage';
import { buildLinksFile, isCustomerKey, linksFileName, MAX_FILE_BYTES, mergeLinks, parseLinksFile, type TransferProblem } from './transfer';

const TMS = 'http://127.0.0.1:4410';
const link = (contactId: string, contactName = `Contact ${contactId}`) => ({ contactId, contactName, linkedAt: '2026-11-20T09:00:00.000Z' });

const links: Links = {
  lexware: { [`${TMS}|10001`]: link('lx-1', 'Spedition Nordlicht GmbH'), [`${TMS}|10002`]: { ...link('lx-2'), contactCreatedAt: '2026-11-20T09:00:00.000Z' } },
  sevdesk: { [`${TMS}|10001`]: link('74100231', 'Spedition Nordlicht GmbH') },
};

const file = (body: Record<string, unknown>) => JSON.stringify({ format: 'frachtbeleg-links', version: 1, exportedAt: '2026-11-23T10:00:00.000Z', ...body });
const problems = (text: string): TransferProblem[] => {
  const result = parseLinksFile(text);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.problems;
};

describe('export', () => {
  it('writes every link of both billing systems with format, version and time', () => {
    const built = buildLinksFile(links, new Date('2026-11-23T10:00:00.000Z'));
    expect(built).toEqual({ format: 'frachtbeleg-links', version: 1, exportedAt: '2026-11-23T10:00:00.000Z', links });
  });

  it('names the file by the local day', () => {
    expect(linksFileName(new Date(2026, 10, 3, 23, 59))).toBe('frachtbeleg-links-2026-11-03.json');
  });

  it('reads back what it wrote', () => {
    const text = JSON.stringify(buildLinksFile(links, new Date()));
    expect(parseLinksFile(text)).toEqual({ ok: true, links, count: 3 });
  });
});

describe('import: files that are refused as a whole', () => {
  it('refuses text that is not JSON', () => {
    expect(problems('{"format": "frachtbeleg-links",')).toEqual([{ kind: 'not-json' }]);
  });

  it.each([
    ['an array', '[]'],
    ['a number', '42'],
    ['another format', JSON.stringify({ format: 'something-else', version: 1, links: {} })],
    ['no format', JSON.stringify({ version: 1, links: {} })],
    ['no version', JSON.stringify({ format: 'frachtbeleg-links', links: {} })],
    ['a version that is not a whole number', JSON.stringify({ format: 'frachtbeleg-links', version: '1', links: {} })],
    ['version 0', JSON.stringify({ format: 'frachtbeleg-links', version: 0, links: {} })],
  ])('refuses %s as not a links file', (_, text) => {
    expect(problems(text)).toEqual([{ kind: 'not-links-file' }]);
  });

  it('refuses a newer version, saying which', () => {
    expect(problems(JSON.stringify({ format: 'frachtbeleg-links', version: 2, links: {} }))).toEqual([{ kind: 'too-new', version: 2 }]);
  });

  it('refuses a file without links', () => {
    expect(problems(file({ links: undefined }))).toEqual([{ kind: 'no-links' }]);
    expect(problems(file({ links: [] }))).toEqual([{ kind: 'no-links' }]);
  });

  it('refuses a file that is too large before reading it', () => {
    const [problem] = problems(' '.repeat(MAX_FILE_BYTES + 1));
    expect(problem).toEqual({ kind: 'too-large', bytes: MAX_FILE_BYTES + 1 });
  });
});

describe('import: problems in entries', () => {
  it('names the entry and the field that is missing', () => {
    const { contactId: _, ...noContact } = link('x');
    expect(problems(file({ links: { lexware: { [`${TMS}|10001`]: noContact }, sevdesk: {} } }))).toEqual([
      { kind: 'field', provider: 'lexware', key: `${TMS}|10001`, field: 'contactId', problem: 'missing' },
    ]);
  });

  it('names fields that are not valid', () => {
    const entry = { contactId: '', contactName: 'X', linkedAt: 'yesterday', contactCreatedAt: 5 };
    expect(problems(file({ links: { sevdesk: { [`${TMS}|10001`]: entry } } }))).toEqual([
      { kind: 'field', provider: 'sevdesk', key: `${TMS}|10001`, field: 'contactId', problem: 'invalid' },
      { kind: 'field', provider: 'sevdesk', key: `${TMS}|10001`, field: 'linkedAt', problem: 'invalid' },
      { kind: 'field', provider: 'sevdesk', key: `${TMS}|10001`, field: 'contactCreatedAt', problem: 'invalid' },
    ]);
  });

  it('refuses an entry that is not a link at all', () => {
    expect(problems(file({ links: { lexware: { [`${TMS}|10001`]: 'lx-1' } } }))).toEqual([{ kind: 'not-a-link', provider: 'lexware', key: `${TMS}|10001` }]);
  });

  it('refuses keys that are not "<origin>|<customer id>"', () => {
    const bad = ['10001', `${TMS}|`, `${TMS}/orders|10001`, 'javascript:alert(1)|10001', `${TMS}| 10001`];
    const found = problems(file({ links: { lexware: Object.fromEntries(bad.map((k) => [k, link('x')])) } }));
    expect(found).toEqual(bad.map((key) => ({ kind: 'bad-key', provider: 'lexware', key })));
  });

  it('refuses an unknown billing system and a provider section that is not a list of links', () => {
    expect(problems(file({ links: { datev: {}, sevdesk: [] } }))).toEqual([
      { kind: 'unknown-provider', provider: 'datev' },
      { kind: 'not-a-list', provider: 'sevdesk' },
    ]);
  });

  it('reports every problem but imports nothing when one entry is broken', () => {
    const result = parseLinksFile(file({ links: { lexware: { [`${TMS}|10001`]: link('lx-1'), [`${TMS}|10002`]: { contactName: 'Y' } } } }));
    expect(result.ok).toBe(false);
    expect(result).not.toHaveProperty('links');
  });
});

describe('isCustomerKey', () => {
  it('accepts what customerKey() builds', () => {
    expect(isCustomerKey('https://tms.example.com|C-1001')).toBe(true);
    expect(isCustomerKey('http://127.0.0.1:4410|10001')).toBe(true);
    expect(isCustomerKey('http://127.0.0.1:4410|a|b')).toBe(true);
  });
});

describe('mergeLinks', () => {
  it('replaces links of the same customers, adds new ones and keeps all others', () => {
    const imported: Links = {
      lexware: { [`${TMS}|10001`]: link('lx-9', 'Other'), [`${TMS}|10003`]: link('lx-3') },
      sevdesk: { [`${TMS}|10001`]: link('74100231', 'Spedition Nordlicht GmbH') },
    };
    const result = mergeLinks(links, imported);
    expect(result).toMatchObject({ imported: 3, replaced: 1, added: 1 });
    expect(result.links.lexware).toEqual({ [`${TMS}|10001`]: link('lx-9', 'Other'), [`${TMS}|10002`]: links.lexware?.[`${TMS}|10002`], [`${TMS}|10003`]: link('lx-3') });
    expect(result.links.sevdesk).toEqual(links.sevdesk);
    // The input is not changed.
    expect(links.lexware?.[`${TMS}|10001`]!.contactId).toBe('lx-1');
  });
});
