/**
 * Catastrophic-backtracking screen for `pattern` / `patternProperties` in definitions.
 *
 * safe-regex2 rejects any nested quantifier (star height > 1). That also rejects harmless, common
 * patterns such as a postcode `^\d{5}(-\d{4})?$` (a fixed-count repeat inside an optional group),
 * which foreign schemas use. So a pattern passes when safe-regex2 accepts it OR when our own parse
 * shows the nesting is bounded: no variable-count quantifier inside a group that repeats more than
 * once. Independently of safe-regex2 we reject what it misses: alternation with multi-character
 * branches inside a repeated group (`(a|aa)*`) and back-references.
 */
import safeRegex2 from 'safe-regex2';
import { DEFINITION_LIMITS } from './limits';

type Node =
  | { t: 'atom'; lit?: string }
  | { t: 'assert' }
  | { t: 'backref' }
  | { t: 'group'; alts: Node[][] }
  | { t: 'rep'; min: number; max: number; node: Node };

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Node[][] {
    const alts = this.disjunction();
    if (this.i < this.s.length) throw new Error('unbalanced )');
    return alts;
  }

  private disjunction(): Node[][] {
    const alts: Node[][] = [this.alternative()];
    while (this.s[this.i] === '|') { this.i++; alts.push(this.alternative()); }
    return alts;
  }

  private alternative(): Node[] {
    const seq: Node[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const atom = this.atom();
      seq.push(this.quantified(atom));
    }
    return seq;
  }

  private atom(): Node {
    const c = this.s[this.i];
    if (c === '^' || c === '$') { this.i++; return { t: 'assert' }; }
    if (c === '[') { this.skipClass(); return { t: 'atom' }; }
    if (c === '(') return this.group();
    if (c === '\\') return this.escape();
    this.i++;
    return c === '.' ? { t: 'atom' } : { t: 'atom', lit: c };
  }

  private escape(): Node {
    const c = this.s[this.i + 1];
    if (c === undefined) throw new Error('trailing backslash');
    if (c === 'b' || c === 'B') { this.i += 2; return { t: 'assert' }; }
    if (/[1-9]/.test(c)) { this.i += 2; return { t: 'backref' }; }
    if (c === 'k') { this.i += 2; this.skipPast('>'); return { t: 'backref' }; }
    if (c === 'p' || c === 'P') { this.i += 2; if (this.s[this.i] === '{') this.skipPast('}'); return { t: 'atom' }; }
    if (c === 'u' && this.s[this.i + 2] === '{') { this.i += 3; this.skipPast('}'); return { t: 'atom' }; }
    if (c === 'u') { this.i += 6; return { t: 'atom' }; }
    if (c === 'x') { this.i += 4; return { t: 'atom' }; }
    if (c === 'c') { this.i += 3; return { t: 'atom' }; }
    this.i += 2;
    // `\.`, `\-`: the character itself; `\d`, `\w`, `\s` ...: a class.
    return /[A-Za-z0-9]/.test(c) ? { t: 'atom' } : { t: 'atom', lit: c };
  }

  private group(): Node {
    this.i++; // (
    // Lookarounds are analysed like groups: a conservative simplification.
    if (this.s[this.i] === '?') {
      const next = this.s.slice(this.i, this.i + 3);
      if (next.startsWith('?:') || next.startsWith('?=') || next.startsWith('?!')) this.i += 2;
      else if (next === '?<=' || next === '?<!') this.i += 3;
      else if (next.startsWith('?<')) { this.i += 2; this.skipPast('>'); }
      else throw new Error('unsupported group');
    }
    const alts = this.disjunction();
    if (this.s[this.i] !== ')') throw new Error('unclosed group');
    this.i++;
    return { t: 'group', alts };
  }

  private quantified(node: Node): Node {
    const c = this.s[this.i];
    let min: number; let max: number;
    if (c === '*') { min = 0; max = Infinity; this.i++; }
    else if (c === '+') { min = 1; max = Infinity; this.i++; }
    else if (c === '?') { min = 0; max = 1; this.i++; }
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i));
      if (!m) throw new Error('bad quantifier');
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length;
    } else return node;
    if (this.s[this.i] === '?') this.i++; // lazy
    return { t: 'rep', min, max, node };
  }

  private skipClass(): void {
    this.i++;
    while (this.i < this.s.length && this.s[this.i] !== ']') this.i += this.s[this.i] === '\\' ? 2 : 1;
    if (this.s[this.i] !== ']') throw new Error('unclosed class');
    this.i++;
  }

  private skipPast(ch: string): void {
    const at = this.s.indexOf(ch, this.i);
    if (at < 0) throw new Error(`missing ${ch}`);
    this.i = at + 1;
  }
}

/** Why the quantifier nesting is dangerous, or null when it is bounded. */
function analyse(alts: Node[][], inLoop: boolean): string | null {
  for (const seq of alts) {
    for (const node of seq) {
      const why = analyseNode(node, inLoop);
      if (why) return why;
    }
  }
  return null;
}

function analyseNode(node: Node, inLoop: boolean): string | null {
  switch (node.t) {
    case 'group': return analyse(node.alts, inLoop);
    case 'rep':
      if (inLoop && node.min !== node.max) return 'kuantifier bersarang di dalam grup berulang';
      return analyseNode(node.node, inLoop || node.max > 1);
    default: return null;
  }
}

/** Returns null when the pattern is acceptable, otherwise the reason (Indonesian, for admins). */
export function patternProblem(pattern: string): string | null {
  if (pattern.length > DEFINITION_LIMITS.maxPatternLength) {
    return `pola terlalu panjang (${pattern.length} karakter, maksimum ${DEFINITION_LIMITS.maxPatternLength})`;
  }
  try {
    new RegExp(pattern, 'u');
  } catch {
    return 'pola (regular expression) tidak valid';
  }
  let tree: Node[][];
  try {
    tree = new Parser(pattern).parse();
  } catch {
    return 'pola tidak dapat dianalisis keamanannya';
  }
  const ambiguous = analyseAmbiguity(tree, false);
  if (ambiguous) return `pola berisiko backtracking berlebihan: ${ambiguous}`;
  if (safeRegex2(pattern)) return null;
  const nested = analyse(tree, false);
  return nested ? `pola berisiko backtracking berlebihan: ${nested}` : null;
}

/**
 * In a repeated group, `(a|b)*` is fine but `(a|a)*` or `(a|ab)*` can match one text in
 * exponentially many ways: only distinct single literal characters are allowed as alternatives
 * (use a character class `[...]` otherwise).
 */
function unambiguousAlternation(alts: Node[][]): boolean {
  const lits = alts.map((seq) => (seq.length === 1 && seq[0].t === 'atom' ? seq[0].lit : undefined));
  return lits.every((l) => l !== undefined) && new Set(lits).size === lits.length;
}

/** The checks safe-regex2 does not make: back-references and ambiguous alternation in loops. */
function analyseAmbiguity(alts: Node[][], inLoop: boolean): string | null {
  if (inLoop && alts.length > 1 && !unambiguousAlternation(alts)) {
    return 'alternatif yang dapat cocok dengan cara berbeda di dalam grup berulang (gunakan kelas karakter [...])';
  }
  for (const seq of alts) {
    for (const node of seq) {
      if (node.t === 'backref') return 'back-reference (\\1, \\k<...>)';
      if (node.t === 'group') { const why = analyseAmbiguity(node.alts, inLoop); if (why) return why; }
      if (node.t === 'rep') {
        const inner = node.node;
        const loop = inLoop || node.max > 1;
        if (inner.t === 'backref') return 'back-reference (\\1, \\k<...>)';
        if (inner.t === 'group') { const why = analyseAmbiguity(inner.alts, loop); if (why) return why; }
      }
    }
  }
  return null;
}
