/**
 * Argo CD's name helpers: `normalize` (utils.SanitizeName, used for the
 * *Normalized params) and `slugify` (utils.SlugifyName on top of gosimple/slug).
 */

/** utils.SanitizeName: lowercase, [^-a-z0-9.] -> '-', max 253 bytes, trim '-' and '.' at both ends. */
export function sanitizeName(name: string): string {
  let s = name.toLowerCase().replace(/[^-a-z0-9.]/gu, '-');
  if (s.length > 253) s = s.slice(0, 253);
  return s.replace(/^[-.]+/, '').replace(/[-.]+$/, '');
}

/**
 * utils.SlugifyName(maxSize=50, enableSmartTruncate=true, name): sanitize, then
 * gosimple/slug.Make: non [a-zA-Z0-9-_] -> '-', collapse dashes, trim '-' and '_',
 * then truncate (smart truncation cuts at a dash boundary).
 */
export function slugifyName(name: string, maxSize = 50, smartTruncate = true): string {
  let slug = sanitizeName(name).trim();
  if (!smartTruncate && maxSize > 0 && slug.length >= maxSize) slug = slug.slice(0, maxSize);
  slug = slug.replace(/[^a-zA-Z0-9\-_]/g, '-').replace(/-+/g, '-');
  slug = slug.replace(/^[-_]+/, '').replace(/[-_]+$/, '');
  if (maxSize > 0 && smartTruncate && slug.length > maxSize) {
    const words: string[] = [];
    let rest = slug;
    // strings.SplitAfter(text, "-")
    for (;;) {
      const i = rest.indexOf('-');
      if (i < 0) {
        words.push(rest);
        break;
      }
      words.push(rest.slice(0, i + 1));
      rest = rest.slice(i + 1);
    }
    const first = words[0] ?? '';
    if (first.length > maxSize) return first.slice(0, maxSize);
    let truncated = '';
    for (const w of words) {
      if (truncated.length + w.length - 1 <= maxSize) truncated += w;
      else break;
    }
    slug = truncated.replace(/^-+/, '').replace(/-+$/, '');
  }
  return slug;
}
