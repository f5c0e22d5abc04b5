/**
 * A tiny HTML reader for tests: the fields a browser would submit for a rendered form (what a
 * plain POST without JavaScript sends), element attributes by id, and text content. Enough for
 * the renderer's own, well-formed output; not a general HTML parser.
 */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#x60': '`', '#x3D': '=', '#39': "'" };

export function decode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, e: string) => {
    if (ENTITIES[e] !== undefined) return ENTITIES[e];
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    return whole;
  });
}

export function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const body = tag.replace(/^<[a-zA-Z0-9]+/, '').replace(/\/?>$/, '');
  for (const m of body.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?/g)) out[m[1]] = m[2] === undefined ? '' : decode(m[2]);
  return out;
}

/** The successful controls of the form, in document order, as a browser would post them. */
export function formFields(html: string): [string, string][] {
  const out: [string, string][] = [];
  const re = /<input\b[^>]*>|<textarea\b[^>]*>([\s\S]*?)<\/textarea>|<select\b[^>]*>([\s\S]*?)<\/select>/g;
  for (const m of html.matchAll(re)) {
    const tag = m[0];
    if (tag.startsWith('<input')) {
      const a = attrs(tag);
      if (!a.name || 'disabled' in a) continue;
      const type = a.type ?? 'text';
      if (['file', 'submit', 'button', 'reset', 'image'].includes(type)) continue;
      if ((type === 'radio' || type === 'checkbox') && !('checked' in a)) continue;
      out.push([a.name, a.value ?? (type === 'checkbox' || type === 'radio' ? 'on' : '')]);
    } else if (tag.startsWith('<textarea')) {
      const a = attrs(tag.slice(0, tag.indexOf('>') + 1));
      if (a.name) out.push([a.name, decode((m[1] ?? '').replace(/^\n/, ''))]);
    } else {
      const a = attrs(tag.slice(0, tag.indexOf('>') + 1));
      const options = [...(m[2] ?? '').matchAll(/<option\b[^>]*>/g)].map((o) => attrs(o[0]));
      const chosen = options.find((o) => 'selected' in o) ?? options[0];
      if (a.name && chosen) out.push([a.name, chosen.value ?? '']);
    }
  }
  return out;
}

/** The body express's urlencoded parser (extended: false) would give for those fields. */
export function postBody(fields: [string, string][]): Record<string, string | string[]> {
  const body: Record<string, string | string[]> = Object.create(null);
  for (const [k, v] of fields) {
    const cur = body[k];
    body[k] = cur === undefined ? v : Array.isArray(cur) ? [...cur, v] : [cur, v];
  }
  return body;
}

export function tagById(html: string, id: string): string | undefined {
  const m = new RegExp(`<[a-zA-Z0-9]+\\b[^>]*\\bid="${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>`).exec(html);
  return m?.[0];
}

export function allIds(html: string): string[] {
  return [...html.matchAll(/\bid="([^"]*)"/g)].map((m) => m[1]);
}

export function text(html: string): string {
  return decode(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
}

/** The text of the label of control `id`: a <label for=id>, or the <label> wrapped around it. */
export function labelOf(html: string, id: string): string | undefined {
  const explicit = new RegExp(`<label[^>]*for="${id}"[^>]*>([\\s\\S]*?)</label>`).exec(html);
  if (explicit) return text(explicit[1]);
  for (const m of html.matchAll(/<label\b[^>]*>([\s\S]*?)<\/label>/g)) {
    if (m[1].includes(`id="${id}"`)) return text(m[1]);
  }
  return undefined;
}
