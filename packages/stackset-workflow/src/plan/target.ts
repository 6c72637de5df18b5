/** One stack instance: an account and a region. */
export interface Target {
  account: string;
  region: string;
}

/** A stable key for a target, `account/region`. */
export function targetKey(t: Target): string {
  return `${t.account}/${t.region}`;
}
