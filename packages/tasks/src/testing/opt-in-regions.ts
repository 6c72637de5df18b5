/**
 * Regions AWS introduced after 20 March 2019 are disabled by default: an account has to enable (opt in
 * to) them before using them (AWS General Reference / Account Management guide, "Specify which AWS
 * Regions your account can use"). The rest are enabled for every account. Listed as of late 2026.
 */
export const OPT_IN_REGIONS: ReadonlySet<string> = new Set([
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
]);
