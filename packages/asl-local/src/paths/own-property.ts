/**
 * Data is read and written as own properties only. JSON objects are plain JavaScript objects, so a
 * plain `obj[key]` would find inherited members (`$.hasOwnProperty`, `$.constructor`) and assigning
 * `obj['__proto__']` would replace the prototype instead of storing a key: in Step Functions both
 * are just keys of the JSON document.
 */

/** `obj[key]` when `key` is an own property, else undefined. */
export function getOwn<T>(obj: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Stores `value` under `key` as a data property (also for `__proto__`). */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  } else obj[key] = value;
}
