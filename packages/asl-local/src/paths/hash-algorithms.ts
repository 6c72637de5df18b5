/**
 * Node's `createHash` name for each algorithm AWS accepts in `States.Hash` and JSONata `$hash`
 * (MD5, SHA-1, SHA-256, SHA-384, SHA-512). One table so the two languages cannot drift apart.
 */
export const NODE_HASH_NAMES: Readonly<Record<string, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};
