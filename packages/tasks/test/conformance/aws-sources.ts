/**
 * Where each fact the conformance tests hold the simulated estate to is recorded. LocalStack's test
 * suites keep the responses real AWS gave (`*.snapshot.json`, validated against AWS as their
 * `*.validation.json` says); the API reference and user guides are AWS's own documentation.
 */
export const LOCALSTACK = 'github.com/localstack/localstack tests/aws/services/cloudformation';

/** `<file> :: <test>` in LocalStack's AWS-recorded CloudFormation snapshots. */
export function recorded(file: string, test: string): string {
  return `${LOCALSTACK}/${file} :: ${test}`;
}

/** A page of the AWS CloudFormation API reference. */
export function apiReference(action: string): string {
  return `https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_${action}.html`;
}

/** A page of the AWS CloudFormation user guide. */
export function userGuide(page: string): string {
  return `https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/${page}`;
}

/** A page of another AWS service's API reference, e.g. `organizations`, `STS`, `sns`, `AmazonS3`. */
export function serviceApiReference(service: string, action: string): string {
  const base: Record<string, string> = {
    organizations: 'https://docs.aws.amazon.com/organizations/latest/APIReference',
    sts: 'https://docs.aws.amazon.com/STS/latest/APIReference',
    sns: 'https://docs.aws.amazon.com/sns/latest/api',
    s3: 'https://docs.aws.amazon.com/AmazonS3/latest/API',
  };
  return `${base[service]}/API_${action}.html`;
}
