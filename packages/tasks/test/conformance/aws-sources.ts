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
