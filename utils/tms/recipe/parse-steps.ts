/**
 * Runs a recipe's parse steps over a located text, in order. Each step either passes a
 * value on or stops with a named failure; nothing is guessed. The recipe's locale decides
 * what the page's notation leaves open (decimal mark, date order, default currency).
 */
import type { Money } from '../../domain/money';
import { checkVatId } from '../../domain/vat-id';
import { normaliseNumber, parseCountry, parseDate, parseLoadingMeters, parseMoney, parsePostalCode, parseWeightKg, type ParseFailure } from './parsers';
import type { Recipe } from './schema';

type Step = NonNullable<Extract<NonNullable<Recipe['order']['fields']['price']>, object>['parse']>[number];
export type ParsedValue = string | number | Money;
export type StepResult = { ok: true; value: ParsedValue; interpreted?: true } | { ok: false; problem: ParseFailure | 'no-match' | 'not-mapped' | 'wrong-type'; step: string };

/** Up to 1,000 characters reach a regex (recipes.md §2): no pathological inputs. */
const REGEX_INPUT_CAP = 1_000;

export function applySteps(input: ParsedValue, steps: readonly Step[], locale: Recipe['locale'], pageUrl?: string): StepResult {
  let value: ParsedValue = input;
  let interpreted = false;
  for (const step of steps) {
    const name = Object.keys(step)[0]!;
    const text = typeof value === 'string' ? value : null;
    // No closure per step (this loop runs for every field of every order read): text-only steps check `text` inline.
    let next: StepResult;
    if ('trim' in step) next = text === null ? wrongType(name) : { ok: true, value: text!.trim() };
    else if ('collapseWhitespace' in step) next = text === null ? wrongType(name) : { ok: true, value: text!.replace(/\s+/g, ' ').trim() };
    else if ('regex' in step) {
      const m = text === null ? null : new RegExp(step.regex, 'u').exec(text.slice(0, REGEX_INPUT_CAP));
      next = text === null ? wrongType(name) : (m?.[1] !== undefined ? { ok: true, value: m[1] } : { ok: false, problem: 'no-match', step: name });
    } else if ('join' in step) next = text === null ? wrongType(name) : { ok: true, value: text! };
    else if ('money' in step) {
      if (typeof value === 'object') next = { ok: true, value };
      else {
        const r = parseMoney(String(value), { currency: step.money.currency ?? locale.currency, decimalMark: locale.decimal });
        next = r.ok ? { ok: true, value: r.value } : { ok: false, problem: r.problem, step: name };
      }
    } else if ('number' in step || 'integer' in step) {
      const r = typeof value === 'number' ? { ok: true as const, value: String(value) } : typeof value === 'string' ? normaliseNumber(value, locale.decimal) : { ok: false as const, problem: 'malformed' as const };
      if (!r.ok) next = { ok: false, problem: r.problem, step: name };
      else if ('integer' in step && !/^-?\d+$/.test(r.value)) next = { ok: false, problem: 'malformed', step: name };
      else next = { ok: true, value: Number(r.value) };
    } else if ('weight' in step) {
      if (typeof value === 'number') next = { ok: true, value: step.weight.from === 't' ? value * 1000 : value };
      else {
        const r = parseWeightKg(String(value), { decimalMark: locale.decimal, ...(step.weight.from ? { unit: step.weight.from } : {}) });
        next = r.ok ? { ok: true, value: r.value, ...(r.interpreted ? { interpreted: true as const } : {}) } : { ok: false, problem: r.problem, step: name };
      }
    } else if ('loadingMeters' in step) {
      const r = parseLoadingMeters(String(value));
      next = r.ok ? { ok: true, value: r.value } : { ok: false, problem: r.problem, step: name };
    } else if ('date' in step) {
      const order = step.date.dateOrder ?? locale.dateOrder;
      const r = parseDate(String(value), order === 'MDY' ? { dateOrder: 'mdy' } : order === 'DMY' ? { dateOrder: 'dmy' } : {});
      next = r.ok ? { ok: true, value: r.value } : { ok: false, problem: r.problem, step: name };
    } else if ('country' in step) {
      const r = parseCountry(String(value), { vehicleCodes: step.country.plates ?? false });
      next = r.ok ? { ok: true, value: r.value } : { ok: false, problem: r.problem, step: name };
    } else if ('line' in step) {
      const lines = text === null ? [] : text.split('\n');
      const line = lines.at(step.line > 0 ? step.line - 1 : step.line);
      next = text === null ? wrongType(name) : line !== undefined && line.trim() !== '' && Math.abs(step.line) <= lines.length ? { ok: true, value: line.trim() } : { ok: false, problem: 'no-match', step: name };
    } else if ('zipCity' in step) {
      next = text === null ? wrongType(name) : zipCity(text!, step.zipCity, name);
    } else if ('map' in step) {
      const mapped = step.map.table[String(value)];
      next = mapped !== undefined ? { ok: true, value: mapped } : step.map.other === 'keep' ? { ok: true, value } : { ok: false, problem: 'not-mapped', step: name };
    } else if ('absoluteUrl' in step) {
      next = text === null ? wrongType(name) : absolute(text!, pageUrl, name);
    } else if ('vatId' in step) {
      const check = checkVatId(String(value));
      next = check.ok ? { ok: true, value: check.normalised } : { ok: false, problem: 'malformed', step: name };
    } else if ('urlParam' in step) {
      next = text === null ? wrongType(name) : urlPart(text!, pageUrl, (u) => u.searchParams.get(step.urlParam), name);
    } else if ('urlPath' in step) {
      next = text === null ? wrongType(name) : urlPart(text!, pageUrl, (u) => u.pathname.split('/').filter(Boolean)[step.urlPath] ?? null, name);
    } else {
      next = { ok: false, problem: 'malformed', step: name };
    }
    if (!next.ok) return next;
    value = next.value;
    interpreted ||= next.interpreted === true;
  }
  return interpreted ? { ok: true, value, interpreted: true } : { ok: true, value };
}

function wrongType(step: string): StepResult {
  return { ok: false, problem: 'wrong-type', step };
}

function zipCity(text: string, part: 'zip' | 'city' | 'country', step: string): StepResult {
  // "28195 Bremen", "DE-28195 Bremen", "A-1010 Wien", "Bremen 28195" is not a German way of writing it.
  const m = /^((?:[A-Z]{1,3}\s?-\s?)?[0-9][0-9A-Z -]{1,9}?)\s+(\D.*)$/i.exec(text.replace(/\s+/g, ' ').trim());
  if (!m) return { ok: false, problem: 'malformed', step };
  if (part === 'city') return { ok: true, value: m[2]!.trim() };
  const zip = parsePostalCode(m[1]!);
  if (!zip.ok) return { ok: false, problem: zip.problem, step };
  // The country only where the postal code says it ("DE-28195", "A-1010"); never assumed.
  if (part === 'country') return zip.value.countryCode ? { ok: true, value: zip.value.countryCode } : { ok: false, problem: 'no-match', step };
  return { ok: true, value: zip.value.zip };
}

function absolute(text: string, base: string | undefined, step: string): StepResult {
  try {
    const url = new URL(text, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? { ok: true, value: url.href } : { ok: false, problem: 'malformed', step };
  } catch {
    return { ok: false, problem: 'malformed', step };
  }
}

function urlPart(text: string, base: string | undefined, pick: (url: URL) => string | null, step: string): StepResult {
  try {
    const part = pick(new URL(text, base ?? 'http://page.invalid/'));
    return part ? { ok: true, value: decodeURIComponent(part) } : { ok: false, problem: 'no-match', step };
  } catch {
    return { ok: false, problem: 'malformed', step };
  }
}
