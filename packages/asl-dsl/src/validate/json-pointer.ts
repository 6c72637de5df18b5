/** Appends one reference token to a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function pointerTo(base: string, token: string | number): string {
  const text = String(token);
  if (text.indexOf('~') === -1 && text.indexOf('/') === -1) return `${base}/${text}`;
  return `${base}/${text.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/** The JSON pointer of a path of keys such as zod's `issue.path`. */
export function pointerOf(path: readonly PropertyKey[]): string {
  let pointer = '';
  for (const key of path)
    pointer = pointerTo(pointer, typeof key === 'symbol' ? String(key.description) : key);
  return pointer;
}
