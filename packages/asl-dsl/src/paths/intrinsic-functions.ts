/** The kind of value an intrinsic argument must be (checked for literals; paths are checked at run time). */
export type IntrinsicArgumentKind = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'any';

/** The signature of one intrinsic function. */
export interface IntrinsicSignature {
  readonly name: string;
  readonly minArity: number;
  /** `Infinity` for variadic functions (States.Format, States.Array). */
  readonly maxArity: number;
  /** Kind of each positional argument; a variadic function's last kind repeats. */
  readonly argumentKinds: readonly IntrinsicArgumentKind[];
  /** What the function returns. */
  readonly returns: IntrinsicArgumentKind;
}

const signature = (
  name: string,
  minArity: number,
  maxArity: number,
  argumentKinds: readonly IntrinsicArgumentKind[],
  returns: IntrinsicArgumentKind,
): IntrinsicSignature => ({ name: `States.${name}`, minArity, maxArity, argumentKinds, returns });

/**
 * The 18 intrinsic functions of JSONPath states, keyed by full name.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 */
export const INTRINSIC_FUNCTIONS: ReadonlyMap<string, IntrinsicSignature> = new Map(
  [
    signature('Format', 1, Number.POSITIVE_INFINITY, ['string', 'any'], 'string'),
    signature('StringToJson', 1, 1, ['string'], 'any'),
    signature('JsonToString', 1, 1, ['any'], 'string'),
    signature('Array', 0, Number.POSITIVE_INFINITY, ['any'], 'array'),
    signature('ArrayPartition', 2, 2, ['array', 'integer'], 'array'),
    signature('ArrayContains', 2, 2, ['array', 'any'], 'boolean'),
    signature('ArrayRange', 3, 3, ['integer', 'integer', 'integer'], 'array'),
    signature('ArrayGetItem', 2, 2, ['array', 'integer'], 'any'),
    signature('ArrayLength', 1, 1, ['array'], 'integer'),
    signature('ArrayUnique', 1, 1, ['array'], 'array'),
    signature('Base64Encode', 1, 1, ['string'], 'string'),
    signature('Base64Decode', 1, 1, ['string'], 'string'),
    signature('Hash', 2, 2, ['any', 'string'], 'string'),
    signature('JsonMerge', 3, 3, ['object', 'object', 'boolean'], 'object'),
    signature('MathRandom', 2, 3, ['integer', 'integer', 'integer'], 'integer'),
    signature('MathAdd', 2, 2, ['number', 'number'], 'number'),
    signature('StringSplit', 2, 2, ['string', 'string'], 'array'),
    signature('UUID', 0, 0, [], 'string'),
  ].map((s) => [s.name, s] as const),
);

/** The hash algorithms `States.Hash` accepts. */
export const HASH_ALGORITHMS: readonly string[] = ['MD5', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];

/** AWS allows at most this many nested intrinsic calls in one field. */
export const MAX_INTRINSIC_NESTING = 10;

/** The kind expected for argument `index` of `sig`, following the variadic rule. */
export function intrinsicArgumentKind(sig: IntrinsicSignature, index: number): IntrinsicArgumentKind {
  return sig.argumentKinds[Math.min(index, sig.argumentKinds.length - 1)] ?? 'any';
}
