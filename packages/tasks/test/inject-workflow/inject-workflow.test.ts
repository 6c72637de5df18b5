import { Readable } from 'node:stream';
import { GetObjectCommand, type GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { injectWorkflow, MacroResponseSchema } from '../../src/inject-workflow/index.js';

const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'eu-west-1' });

const ASL = {
  Comment: 'deploy',
  StartAt: 'Hello',
  States: { Hello: { Type: 'Pass', Next: 'Done' }, Done: { Type: 'Succeed' } },
};

function body(text: string): GetObjectCommandOutput['Body'] {
  return { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'];
}

function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name });
}

function template(properties: Record<string, unknown> = {}) {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: { S3Key: { Type: 'String' }, SMResource: { Type: 'String' } },
    Resources: {
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
      Machine: {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: {
          RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] },
          DefinitionString: '{"StartAt":"Old","States":{"Old":{"Type":"Succeed"}}}',
          DefinitionSubstitutions: { FunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:f' },
          ...properties,
        },
      },
    },
  };
}

function event(parameters: Record<string, unknown>, fragment: Record<string, unknown> = template()) {
  return {
    region: 'eu-west-1',
    accountId: '111111111111',
    fragment,
    transformId: '111111111111::StepFunctionWorkflowInjector',
    params: {},
    requestId: 'req-1',
    templateParameterValues: parameters,
  };
}

const good = { S3Key: 's3://workflows-bucket/machines/deploy.json', SMResource: 'Machine' };
const deps = { s3, allowedBuckets: ['workflows-bucket'] };

beforeEach(() => {
  s3Mock.reset();
});

describe('injectWorkflow', () => {
  it('injects the fetched definition as a Definition object and drops DefinitionString', async () => {
    s3Mock
      .on(GetObjectCommand, { Bucket: 'workflows-bucket', Key: 'machines/deploy.json' })
      .resolves({ Body: body(JSON.stringify(ASL)) });
    const response = await injectWorkflow(event(good), deps);
    expect(MacroResponseSchema.parse(response)).toEqual(response);
    expect(response.status).toBe('success');
    expect(response.requestId).toBe('req-1');
    const machine = (response.fragment.Resources as Record<string, { Properties: Record<string, unknown> }>)
      .Machine;
    expect(machine?.Properties.Definition).toEqual(ASL);
    expect(machine?.Properties).not.toHaveProperty('DefinitionString');
    expect(machine?.Properties.DefinitionSubstitutions).toEqual({
      FunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:f',
    });
    expect(machine?.Properties.RoleArn).toEqual({ 'Fn::GetAtt': ['Role', 'Arn'] });
  });

  it('removes DefinitionS3Location and leaves the input fragment untouched', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: body(JSON.stringify(ASL)) });
    const fragment = template({ DefinitionS3Location: { Bucket: 'b', Key: 'k' } });
    const before = structuredClone(fragment);
    const response = await injectWorkflow(event(good, fragment), deps);
    expect(response.status).toBe('success');
    expect(JSON.stringify(response.fragment)).not.toContain('DefinitionS3Location');
    expect(fragment).toEqual(before);
  });

  it('reads the parameters from Fn::Transform params when the template does not declare them', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: body(JSON.stringify(ASL)) });
    const response = await injectWorkflow({ ...event({}), params: good }, deps);
    expect(response.status).toBe('success');
  });

  it.each([
    [{ SMResource: 'Machine' }, /template parameter S3Key is missing/],
    [{ S3Key: 's3://workflows-bucket/k.json' }, /template parameter SMResource is missing/],
    [{ S3Key: '', SMResource: 'Machine' }, /S3Key is missing or empty/],
    [{ S3Key: 'https://workflows-bucket.s3.amazonaws.com/k.json', SMResource: 'Machine' }, /not an S3 URI/],
    [
      { S3Key: 's3://workflows-bucket/', SMResource: 'Machine' },
      /names bucket workflows-bucket but no object key/,
    ],
    [{ S3Key: 's3://Bad_Bucket/k.json', SMResource: 'Machine' }, /"Bad_Bucket" is not an S3 bucket name/],
    // Issue 10: a key that climbs out of its prefix is refused before S3 is asked.
    [{ S3Key: 's3://workflows-bucket/../secrets/k.json', SMResource: 'Machine' }, /"\.\." path segment/],
    [{ S3Key: 's3://workflows-bucket/machines/../../k.json', SMResource: 'Machine' }, /"\.\." path segment/],
    [{ S3Key: 's3://workflows-bucket/./k.json', SMResource: 'Machine' }, /"\." path segment/],
    [{ S3Key: 's3://other-bucket/k.json', SMResource: 'Machine' }, /bucket "other-bucket" is not allowed/],
  ])('fails for parameters %j without calling S3', async (parameters, message) => {
    const response = await injectWorkflow(event(parameters), deps);
    expect(response.status).toBe('failure');
    expect(response.errorMessage).toMatch(message);
    expect(response.errorMessage).toMatch(/^111111111111::StepFunctionWorkflowInjector: /);
    expect(response.fragment).toEqual(template());
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it('fails closed when no bucket is allowed', async () => {
    const response = await injectWorkflow(event(good), { ...deps, allowedBuckets: [] });
    expect(response.errorMessage).toMatch(/no allowed buckets configured \(ALLOWED_BUCKETS\)/);
  });

  it.each([
    ['NoSuchKey', /s3:\/\/workflows-bucket\/machines\/deploy.json does not exist/],
    ['AccessDenied', /access denied reading s3:\/\/workflows-bucket\/machines\/deploy.json/],
    ['NoSuchBucket', /bucket of s3:\/\/workflows-bucket\/machines\/deploy.json does not exist/],
    ['SlowDown', /could not read .*SlowDown/],
  ])('reports S3 error %s', async (name, message) => {
    s3Mock.on(GetObjectCommand).rejects(awsError(name));
    const response = await injectWorkflow(event(good), deps);
    expect(response.status).toBe('failure');
    expect(response.errorMessage).toMatch(message);
  });

  it('reports invalid JSON with the parser message', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: body('{"StartAt": "A", ') });
    const response = await injectWorkflow(event(good), deps);
    expect(response.errorMessage).toMatch(
      /workflow s3:\/\/workflows-bucket\/machines\/deploy.json is not valid JSON/,
    );
  });

  it('reports a JSON value that is not an object', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: body('[1,2]') });
    const response = await injectWorkflow(event(good), deps);
    expect(response.errorMessage).toMatch(/must be a JSON object with StartAt and States/);
  });

  it('rejects a definition over 1 MB before parsing it', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: body(`{"Comment":"${'x'.repeat(1_048_576)}"}`) });
    const response = await injectWorkflow(event(good), deps);
    expect(response.errorMessage).toMatch(/is over 1048576 bytes; Step Functions accepts at most 1048576/);
  });

  it('quotes the first diagnostics of an invalid state machine with their JSON pointers', async () => {
    const invalid = {
      StartAt: 'Missing',
      States: { A: { Type: 'Pass', Next: 'Nowhere' }, B: { Type: 'Teleport' } },
    };
    s3Mock.on(GetObjectCommand).resolves({ Body: body(JSON.stringify(invalid)) });
    const response = await injectWorkflow(event(good), deps);
    expect(response.status).toBe('failure');
    expect(response.errorMessage).toContain('(4 errors)');
    expect(response.errorMessage).toContain("/StartAt: MISSING_TRANSITION_TARGET StartAt names 'Missing'");
    expect(response.errorMessage).toContain("/States/A/Next: MISSING_TRANSITION_TARGET 'Nowhere'");
    expect(response.errorMessage).toContain('/States/B/Type: SCHEMA_VALIDATION_FAILED');
    expect(response.errorMessage).toContain('/States: MISSING_END_STATE');
  });

  it('truncates a long diagnostic list with a count', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: body(JSON.stringify(ASL)) });
    const many = Array.from({ length: 8 }, (_, i) => ({ path: `/States/S${i}`, message: `bad ${i}` }));
    const response = await injectWorkflow(event(good), { ...deps, check: () => many });
    expect(response.errorMessage).toContain('(8 errors)');
    expect(response.errorMessage).toContain('/States/S4: bad 4');
    expect(response.errorMessage).not.toContain('bad 5');
    expect(response.errorMessage).toMatch(/and 3 more$/);
  });

  it('validates nested Parallel branches with the asl-dsl validator', async () => {
    const nested = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [{ StartAt: 'X', States: { X: { Type: 'Pass', Next: 'Y' } } }],
        },
      },
    };
    s3Mock.on(GetObjectCommand).resolves({ Body: body(JSON.stringify(nested)) });
    const response = await injectWorkflow(event(good), deps);
    expect(response.errorMessage).toContain('/States/P/Branches/0/States/X/Next');
  });

  it.each([
    ['Nope', /SMResource "Nope" is not a resource in the template \(state machines present: Machine\)/],
    ['Role', /SMResource "Role" is of type AWS::IAM::Role, not AWS::StepFunctions::StateMachine/],
  ])('fails when SMResource is %s', async (logicalId, message) => {
    s3Mock.on(GetObjectCommand).resolves({ Body: body(JSON.stringify(ASL)) });
    const response = await injectWorkflow(event({ ...good, SMResource: logicalId }), deps);
    expect(response.errorMessage).toMatch(message);
  });

  it('fails when the template has no Resources', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: body(JSON.stringify(ASL)) });
    const response = await injectWorkflow(event(good, { Parameters: {} }), deps);
    expect(response.errorMessage).toMatch(/no Resources section/);
  });

  it('answers a malformed event with failure naming the field', async () => {
    const response = await injectWorkflow({ requestId: 'r', fragment: {}, region: 'eu-west-1' }, deps);
    expect(response).toMatchObject({ requestId: 'r', status: 'failure' });
    expect(response.errorMessage).toMatch(/invalid macro event at \/accountId/);
  });

  it('answers a non-object event with failure instead of throwing', async () => {
    const response = await injectWorkflow('not an event', deps);
    expect(response).toEqual({
      requestId: '',
      status: 'failure',
      fragment: {},
      errorMessage: expect.stringMatching(/^invalid macro event at \/: /),
    });
  });
});

/** A Node stream body with the SDK's transform helpers, as the v3 client returns on Node. */
function streamBody(chunks: Iterable<Buffer>): GetObjectCommandOutput['Body'] {
  const stream = Readable.from(chunks);
  const collect = async () => {
    const parts: Buffer[] = [];
    for await (const part of stream) parts.push(part as Buffer);
    return Buffer.concat(parts);
  };
  return Object.assign(stream, {
    transformToByteArray: async () => new Uint8Array(await collect()),
    transformToString: async (encoding?: BufferEncoding) => (await collect()).toString(encoding ?? 'utf-8'),
    transformToWebStream: () => {
      throw new Error('not used');
    },
  }) as unknown as GetObjectCommandOutput['Body'];
}

/**
 * S3 as GetObject documents it (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html):
 * with `Range: bytes=0-N` it answers 206 with `Content-Range: bytes 0-M/<size>` and only those bytes;
 * a range on an empty object is refused with InvalidRange. Counts the bytes the macro pulled.
 */
function rangedS3(object: Buffer) {
  const pulled = { bytes: 0 };
  s3Mock.on(GetObjectCommand).callsFake((input: { Range?: string }) => {
    const range = /^bytes=0-(\d+)$/.exec(input.Range ?? '');
    if (range && object.length === 0)
      throw awsError('InvalidRange', 'The requested range is not satisfiable');
    const end = range ? Math.min(Number(range[1]), object.length - 1) : object.length - 1;
    const served = object.subarray(0, end + 1);
    const chunks = function* () {
      for (let at = 0; at < served.length; at += 65_536) {
        const chunk = served.subarray(at, at + 65_536);
        pulled.bytes += chunk.length;
        yield chunk;
      }
    };
    return {
      ContentLength: served.length,
      ...(range && { ContentRange: `bytes 0-${end}/${object.length}` }),
      Body: streamBody(chunks()),
    };
  });
  return pulled;
}

describe('injectWorkflow under attack (issue 10)', () => {
  it('checks a 50 MB object by its size before reading it, with a ranged GET of at most 1 MB', async () => {
    const pulled = rangedS3(Buffer.alloc(50 * 1024 * 1024, 0x20));
    const response = await injectWorkflow(event(good), deps);
    expect(response.status).toBe('failure');
    expect(response.errorMessage).toMatch(/is 52428800 bytes; Step Functions accepts at most 1048576/);
    const sent = s3Mock.commandCalls(GetObjectCommand)[0]?.args[0].input;
    expect(sent?.Range).toBe('bytes=0-1048576');
    expect(pulled.bytes).toBeLessThanOrEqual(1_048_577);
  });

  it('reads a definition whole when it fits, through the same ranged GET', async () => {
    rangedS3(Buffer.from(JSON.stringify(ASL)));
    const response = await injectWorkflow(event(good), deps);
    expect(response.status).toBe('success');
  });

  it('stops reading when S3 ignores the range and streams more than 1 MB', async () => {
    const pulled = { bytes: 0 };
    s3Mock.on(GetObjectCommand).callsFake(() => ({
      Body: streamBody(
        (function* () {
          for (let i = 0; i < 800; i++) {
            pulled.bytes += 65_536;
            yield Buffer.alloc(65_536, 0x20);
          }
        })(),
      ),
    }));
    const response = await injectWorkflow(event(good), deps);
    expect(response.errorMessage).toMatch(/is over 1048576 bytes/);
    expect(pulled.bytes).toBeLessThan(2 * 1_048_576);
  });

  it('answers an empty object with failure', async () => {
    rangedS3(Buffer.alloc(0));
    const response = await injectWorkflow(event(good), deps);
    expect(response.errorMessage).toMatch(/machines\/deploy.json is empty/);
  });

  it.each([
    [
      'arrays',
      `{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Result":${'['.repeat(200_000)}${']'.repeat(200_000)}}}}`,
    ],
    [
      'objects',
      `{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Result":${'{"a":'.repeat(150_000)}1${'}'.repeat(150_000)}}}}`,
    ],
  ])('returns failure, not a RangeError, for %s nested 150,000+ deep', async (_kind, text) => {
    rangedS3(Buffer.from(text));
    const response = await injectWorkflow(event(good), deps);
    expect(response.status).toBe('failure');
    expect(response.errorMessage).toMatch(/nests arrays and objects deeper than 100 levels/);
  });

  it('accepts nesting up to the limit, counting no brackets inside strings', async () => {
    const deep = `${'['.repeat(90)}"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\\\\"["${']'.repeat(90)}`;
    rangedS3(
      Buffer.from(
        JSON.stringify({ ...ASL, States: { Hello: { Type: 'Pass', Result: JSON.parse(deep), End: true } } }),
      ),
    );
    const response = await injectWorkflow(event(good), deps);
    expect(response.status).toBe('success');
  });

  it.each([
    ['an env file', 'DB_PASSWORD=hunter2-SECRET\nAPI_KEY=AKIASECRETSECRET\n'],
    ['JSON cut short', '{"password":"hunter2-SECRET","StartAt":'],
    [
      'a JSON object that is not a state machine',
      '{"password":"hunter2-SECRET","apiKey":"AKIASECRETSECRET"}',
    ],
    ['binary', '\u0000\u0001SECRET\u00ff'],
  ])('never echoes the content of %s in its error', async (_kind, text) => {
    rangedS3(Buffer.from(text, 'latin1'));
    const response = await injectWorkflow(event(good), deps);
    expect(response.status).toBe('failure');
    expect(response.errorMessage).not.toMatch(/SECRET|hunter2|password|DB_|API/);
  });

  it('locates a syntax error by line and column instead of quoting the text', async () => {
    rangedS3(Buffer.from('{\n  "StartAt": "A",\n  oops-SECRET\n}'));
    const response = await injectWorkflow(event(good), deps);
    expect(response.errorMessage).toMatch(/is not valid JSON \(syntax error at line 3, column 3\)$/);
  });

  it('refuses invalid UTF-8 without quoting it', async () => {
    rangedS3(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    const response = await injectWorkflow(event(good), deps);
    expect(response.errorMessage).toMatch(/is not UTF-8 text$/);
  });
});
