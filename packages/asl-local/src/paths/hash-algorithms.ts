/**
 * Node's `createHash` name for each algorithm AWS accepts in `States.Hash` and JSONata `$hash`
 * (MD5, SHA-1, SHA-256, SHA-384, SHA-512). One table so the two languages cannot drift apart.
 * No prototype, so a name such as 'toString' is unsupported rather than a built-in function.
 */
export const NODE_HASH_NAMES: Readonly<Record<string, string>> = Object.assign(Object.create(null), {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
});
