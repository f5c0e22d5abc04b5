/**
 * The XLSForm expression subset of `relevant`, `constraint` and the scoring sheet's `condition`:
 * `${q}` references, `.` (the question itself), text and number literals, comparisons
 * (= != < <= > >=), `and`, `or` and function calls. The parser only builds a tree; what a tree
 * may mean (and what is refused) is decided by expr-condition.ts and expr-constraint.ts.
 * Anything else (arithmetic, paths, unknown syntax) is an error naming the offending part, so a
 * workbook row is never imported with part of its expression silently dropped.
 */
import type { Msg } from './messages';

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type ExprNode =
  | { t: 'ref'; name: string }
  | { t: 'self' }
  | { t: 'str'; v: string }
  | { t: 'num'; v: number }
  | { t: 'call'; name: string; args: ExprNode[] }
  | { t: 'and' | 'or'; items: ExprNode[] }
  | { t: 'cmp'; op: CompareOp; l: ExprNode; r: ExprNode };

export type Parsed = { ok: true; node: ExprNode } | { ok: false; error: Msg };

type Token =
  | { k: 'ref'; v: string } | { k: 'str'; v: string } | { k: 'num'; v: number } | { k: 'self' }
  | { k: 'name'; v: string } | { k: 'op'; v: string } | { k: '(' } | { k: ')' } | { k: ',' };

const MAX_LENGTH = 2000;
const MAX_DEPTH = 40;
/** Excel and Word replace straight quotes with typographic ones; both are accepted. */
const QUOTES: Record<string, string> = { "'": "'", '"': '"', '\u2018': '\u2019', '\u201c': '\u201d' };
const CLOSERS: Record<string, string[]> = { "'": ["'"], '"': ['"'], '\u2018': ['\u2019', '\u2018', "'"], '\u201c': ['\u201d', '\u201c', '"'] };

class ParseError extends Error {
  constructor(readonly msg: Msg) { super(msg.key); }
}

const fail = (key: string, vars?: Record<string, unknown>): never => { throw new ParseError({ key: `xlsform.expr.${key}`, vars }); };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i + 2);
      if (end < 0) fail('unclosedRef');
      const name = text.slice(i + 2, end).trim();
      if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) fail('badRef', { ref: text.slice(i, end + 1) });
      out.push({ k: 'ref', v: name });
      i = end + 1;
      continue;
    }
    if (QUOTES[c]) {
      let j = i + 1;
      while (j < text.length && !CLOSERS[c].includes(text[j])) j++;
      if (j >= text.length) fail('unclosedText');
      out.push({ k: 'str', v: text.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    // A minus sign right before a number, where no value precedes it, is part of the number.
    const prev = out[out.length - 1];
    const signed = c === '-' && (!prev || prev.k === 'op' || prev.k === '(' || prev.k === ',' || (prev.k === 'name' && (prev.v === 'and' || prev.v === 'or')));
    const num = /^-?(\d+(\.\d+)?|\.\d+)/.exec(text.slice(i));
    if (num && (signed || c !== '-')) {
      out.push({ k: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    if (c === '.') {
      if (text[i + 1] === '.' || text[i + 1] === '/') fail('path', { part: text.slice(i, i + 2) });
      out.push({ k: 'self' });
      i++;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_:-]*/.exec(text.slice(i));
    if (name) {
      out.push({ k: 'name', v: name[0] });
      i += name[0].length;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '!=' || two === '<=' || two === '>=') { out.push({ k: 'op', v: two }); i += 2; continue; }
    if (c === '=' || c === '<' || c === '>') { out.push({ k: 'op', v: c }); i++; continue; }
    if (c === '(' || c === ')' || c === ',') { out.push({ k: c }); i++; continue; }
    if ('+-*|/'.includes(c)) fail('arithmetic', { op: c });
    fail('unexpected', { part: c });
  }
  return out;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): ExprNode {
    if (this.tokens.length === 0) fail('empty');
    const node = this.or(0);
    const rest = this.tokens[this.pos];
    if (rest) fail('unexpected', { part: describe(rest) });
    return node;
  }

  private peekWord(word: string): boolean {
    const t = this.tokens[this.pos];
    return t?.k === 'name' && t.v === word;
  }

  private or(depth: number): ExprNode {
    const items = [this.and(depth)];
    while (this.peekWord('or')) { this.pos++; items.push(this.and(depth)); }
    return items.length === 1 ? items[0] : { t: 'or', items };
  }

  private and(depth: number): ExprNode {
    const items = [this.comparison(depth)];
    while (this.peekWord('and')) { this.pos++; items.push(this.comparison(depth)); }
    return items.length === 1 ? items[0] : { t: 'and', items };
  }

  private comparison(depth: number): ExprNode {
    const l = this.primary(depth);
    const t = this.tokens[this.pos];
    if (t?.k !== 'op') {
      if (t?.k === 'name' && (t.v === 'div' || t.v === 'mod')) fail('arithmetic', { op: t.v });
      return l;
    }
    this.pos++;
    const r = this.primary(depth);
    if (this.tokens[this.pos]?.k === 'op') fail('chained');
    return { t: 'cmp', op: t.v as CompareOp, l, r };
  }

  private primary(depth: number): ExprNode {
    if (depth > MAX_DEPTH) fail('deep');
    const t = this.tokens[this.pos++];
    if (!t) fail('incomplete');
    switch (t.k) {
      case 'ref': return { t: 'ref', name: t.v };
      case 'str': return { t: 'str', v: t.v };
      case 'num': return { t: 'num', v: t.v };
      case 'self': return { t: 'self' };
      case '(': {
        const inner = this.or(depth + 1);
        if (this.tokens[this.pos++]?.k !== ')') fail('unclosedParen');
        return inner;
      }
      case 'name': {
        if (this.tokens[this.pos]?.k !== '(') fail('bareName', { name: t.v });
        this.pos++;
        const args: ExprNode[] = [];
        if (this.tokens[this.pos]?.k === ')') { this.pos++; return { t: 'call', name: t.v, args }; }
        for (;;) {
          args.push(this.or(depth + 1));
          const sep = this.tokens[this.pos++];
          if (sep?.k === ')') break;
          if (sep?.k !== ',') fail('unclosedParen');
        }
        return { t: 'call', name: t.v, args };
      }
      default: return fail('unexpected', { part: describe(t) });
    }
  }
}

function describe(t: Token): string {
  switch (t.k) {
    case 'ref': return `\${${t.v}}`;
    case 'str': return `'${t.v}'`;
    case 'num': return String(t.v);
    case 'self': return '.';
    case 'name': case 'op': return t.v;
    default: return t.k;
  }
}

export function parseExpression(text: string): Parsed {
  if (text.length > MAX_LENGTH) return { ok: false, error: { key: 'xlsform.expr.tooLong', vars: { max: MAX_LENGTH } } };
  try {
    return { ok: true, node: new Parser(tokenize(text)).parse() };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.msg };
    throw e;
  }
}

/** Writes a literal back as expression text; null when it cannot be quoted (both quote kinds inside). */
export function literalText(v: string | number | boolean): string | null {
  if (typeof v === 'number') return String(v);
  const s = String(v);
  if (!s.includes("'")) return `'${s}'`;
  if (!s.includes('"')) return `"${s}"`;
  return null;
}
