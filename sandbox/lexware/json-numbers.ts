/**
 * Recovers the source text of every number in a JSON document, keyed by its field path
 * (`lineItems[3].unitPrice.netAmount`). `JSON.parse` turns `0.1` into a binary float; the real
 * API reads amounts as BigDecimal, so the emulator reads the digits the client actually sent.
 * (Node 20 has no `JSON.parse` source access, hence this small scanner.)
 */

export type NumberSources = ReadonlyMap<string, string>;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

class Scanner {
  private i = 0;
  readonly numbers = new Map<string, string>();

  constructor(private readonly text: string) {}

  document(): void {
    this.value('');
    this.skipWhitespace();
    if (this.i !== this.text.length) this.fail();
  }

  private value(path: string): void {
    this.skipWhitespace();
    const c = this.text[this.i];
    if (c === '{') this.object(path);
    else if (c === '[') this.array(path);
    else if (c === '"') this.string();
    else if (c === 't') this.word('true');
    else if (c === 'f') this.word('false');
    else if (c === 'n') this.word('null');
    else this.number(path);
  }

  private object(path: string): void {
    this.i += 1;
    this.skipWhitespace();
    if (this.text[this.i] === '}') {
      this.i += 1;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      const key = this.string();
      this.skipWhitespace();
      this.expect(':');
      this.value(path === '' ? key : `${path}.${key}`);
      this.skipWhitespace();
      if (this.text[this.i] === ',') {
        this.i += 1;
        continue;
      }
      this.expect('}');
      return;
    }
  }

  private array(path: string): void {
    this.i += 1;
    this.skipWhitespace();
    if (this.text[this.i] === ']') {
      this.i += 1;
      return;
    }
    for (let index = 0; ; index++) {
      this.value(`${path}[${index}]`);
      this.skipWhitespace();
      if (this.text[this.i] === ',') {
        this.i += 1;
        continue;
      }
      this.expect(']');
      return;
    }
  }

  private string(): string {
    if (this.text[this.i] !== '"') this.fail();
    const start = this.i;
    this.i += 1;
    while (this.i < this.text.length && this.text[this.i] !== '"') this.i += this.text[this.i] === '\\' ? 2 : 1;
    if (this.i >= this.text.length) this.fail();
    this.i += 1;
    return JSON.parse(this.text.slice(start, this.i)) as string;
  }

  private number(path: string): void {
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.text);
    if (!m) this.fail();
    this.i += m[0].length;
    // Duplicate keys: the last one wins, as in JSON.parse.
    this.numbers.set(path, m[0]);
  }

  private word(word: string): void {
    if (!this.text.startsWith(word, this.i)) this.fail();
    this.i += word.length;
  }

  private expect(char: string): void {
    if (this.text[this.i] !== char) this.fail();
    this.i += 1;
  }

  private skipWhitespace(): void {
    while (this.i < this.text.length && WHITESPACE.has(this.text[this.i]!)) this.i += 1;
  }

  private fail(): never {
    throw new SyntaxError(`unexpected input at ${this.i}`);
  }
}

/** Number source texts by path; empty if the text is not JSON (the caller has reported that already). */
export function numberSources(text: string): NumberSources {
  const scanner = new Scanner(text);
  try {
    scanner.document();
  } catch {
    return new Map();
  }
  return scanner.numbers;
}
