import { describe, expect, it } from 'vitest';
import { validate } from '../../src/index.js';
import { AWS_PARTITIONS } from '../../src/validate/resource-arn.js';

type States = Record<string, unknown>;
const machine = (States: States, extra: Record<string, unknown> = {}) => ({
  StartAt: Object.keys(States)[0],
  States,
  ...extra,
});
const found = (definition: unknown) => validate(definition).map((d) => `${d.code} ${d.location}`);
const task = (Resource: string) => machine({ T: { Type: 'Task', Resource, End: true } });

describe('Task resources, as AWS accepts them', () => {
  it('accepts every AWS partition and refuses any other text', () => {
    // aws-sdk-js-v3 packages/util-endpoints/src/lib/aws/partitions.json lists these eight.
    expect(AWS_PARTITIONS).toEqual([
      'aws',
      'aws-cn',
      'aws-us-gov',
      'aws-iso',
      'aws-iso-b',
      'aws-iso-e',
      'aws-iso-f',
      'aws-eusc',
    ]);
    for (const partition of AWS_PARTITIONS) {
      expect(found(task(`arn:${partition}:lambda:r-1:123456789012:function:f`)), partition).toEqual([]);
      expect(found(task(`arn:${partition}:states:::lambda:invoke`)), partition).toEqual([]);
    }
    for (const partition of ['aws-gov', 'amazon', 'AWS', 'aws-cn-north']) {
      expect(found(task(`arn:${partition}:states:::lambda:invoke`)), partition).toEqual([
        'INVALID_RESOURCE /States/T/Resource',
      ]);
    }
    expect(found(task('arn:${AWS::Partition}:states:::lambda:invoke'))).toEqual([]);
  });

  // Recorded in issue 13 (AWS deployed arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject); no public
  // recording found, so the fixture aws-sdk-regional-arn.asl.json carries the same citation.
  it('accepts AWS SDK integrations with or without a region and account (recorded, issue 13)', () => {
    for (const arn of [
      'arn:aws:states:::aws-sdk:s3:getObject',
      'arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject',
      'arn:aws:states:::aws-sdk:sfn:startExecution.waitForTaskToken',
      'arn:aws:states:::aws-sdk:cloudformation:describeStacks',
    ]) {
      expect(found(task(arn)), arn).toEqual([]);
    }
  });

  it('refuses .sync on AWS SDK integrations (integrate-optimized.html: "Run a Job: Not supported")', () => {
    const [problem] = validate(task('arn:aws:states:::aws-sdk:ecs:runTask.sync'));
    expect(problem?.code).toBe('INVALID_RESOURCE');
    expect(problem?.message).toContain('do not support .sync');
  });

  it('accepts the optimized integrations and patterns the service pages list', () => {
    for (const arn of [
      'arn:aws:states:::lambda:invoke.waitForTaskToken',
      'arn:aws:states:::ecs:runTask.sync',
      'arn:aws:states:::states:startExecution.sync:2',
      'arn:aws:states:::dynamodb:putItem',
      'arn:aws:states:::glue:startJobRun.sync',
      'arn:aws:states:::elasticmapreduce:addStep.sync',
      'arn:aws:states:::emr-serverless:startJobRun.sync',
      'arn:aws:states:::codebuild:startBuildBatch.sync',
      'arn:aws:states:::sagemaker:createTrainingJob.sync',
      'arn:aws:states:::http:invoke',
      'arn:aws:states:::events:putEvents.waitForTaskToken',
    ]) {
      expect(found(task(arn)), arn).toEqual([]);
    }
  });

  it.each([
    // connect-ddb.html: the optimized DynamoDB integration is GetItem, PutItem, UpdateItem, DeleteItem.
    ['arn:aws:states:::dynamodb:query', 'aws-sdk:dynamodb:query'],
    // connect-lambda.html: request-response and callback only.
    ['arn:aws:states:::lambda:invoke.sync', 'does not support .sync'],
    // connect-sqs.html: no .sync.
    ['arn:aws:states:::sqs:sendMessage.sync', 'does not support .sync'],
    // .sync:2 belongs to states:startExecution only (connect-stepfunctions.html).
    ['arn:aws:states:::glue:startJobRun.sync:2', 'does not support .sync:2'],
    ['arn:aws:states:::s3:getObject', 'not a Step Functions optimized integration'],
    ['arn:aws:states:::lambda:invoke.wait', 'unknown integration pattern'],
  ])('refuses %s', (arn, says) => {
    const [problem, ...rest] = validate(task(arn));
    expect(rest).toEqual([]);
    expect(problem?.code).toBe('INVALID_RESOURCE');
    expect(problem?.message).toContain(says);
  });

  it('takes only S3 reads in an ItemReader and the S3 write in a ResultWriter', () => {
    const map = (reader: string, writer: string) =>
      machine({
        M: {
          Type: 'Map',
          ItemReader: { Resource: reader, Parameters: { Bucket: 'b', Key: 'k' } },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'W',
            States: { W: { Type: 'Succeed' } },
          },
          ResultWriter: { Resource: writer, Parameters: { Bucket: 'b', Prefix: 'p' } },
          End: true,
        },
      });
    expect(found(map('arn:aws:states:::s3:listObjectsV2', 'arn:aws:states:::s3:putObject'))).toEqual([]);
    expect(found(map('arn:aws:states:::s3:putObject', 'arn:aws:states:::s3:getObject'))).toEqual([
      'INVALID_RESOURCE /States/M/ItemReader/Resource',
      'INVALID_RESOURCE /States/M/ResultWriter/Resource',
    ]);
  });
});

describe('paths and payloads, as AWS accepts them', () => {
  // AWS deploys a path with a trailing space (recorded, issue 13); its paths are Jayway's, whose
  // PathCompiler.compile trims the text (json-path/JsonPath, internal/path/PathCompiler.java). Inside a name a
  // space needs bracket notation (Jayway: "Use bracket notion ['my prop'] if your property contains blank
  // characters").
  it('accepts spaces after a path (Jayway trims them), not inside one', () => {
    expect(
      found(machine({ P: { Type: 'Pass', InputPath: '$.a  ', ResultPath: '$.b ', End: true } })),
    ).toEqual([]);
    expect(found(machine({ P: { Type: 'Pass', InputPath: '$.a b', End: true } }))).toEqual([
      'INVALID_JSONPATH /States/P/InputPath',
    ]);
  });

  // AWS deploys an array Parameters (recorded, issue 13); AWS's Java SDK documents Parameters as "a valid
  // JSON document" (aws/aws-sdk-java, stepfunctions/builder/states/ParametersBuilder.java).
  it('accepts any JSON as Parameters, and still checks the paths inside', () => {
    for (const Parameters of [[1, 2], 'text', 7, null, true]) {
      expect(found(machine({ P: { Type: 'Pass', Parameters, End: true } })), String(Parameters)).toEqual([]);
    }
    expect(found(machine({ P: { Type: 'Pass', Parameters: [{ 'a.$': '$..[' }], End: true } }))).toEqual([
      'INVALID_JSONPATH /States/P/Parameters/0/a.$',
    ]);
  });

  it('accepts keys with escaped quotes in bracket notation: $[\'a\\\'b\'] and $["a\\"b"]', () => {
    const def = machine({
      P: {
        Type: 'Pass',
        InputPath: "$['it\\'s']",
        Parameters: { 'q.$': '$["say \\"hi\\""]', 'f.$': "States.Format('{}', $['a\\'b'])" },
        ResultPath: "$['it\\'s']",
        End: true,
      },
    });
    expect(found(def)).toEqual([]);
  });
});

describe('numbers and JSONata Items, as AWS bounds them', () => {
  it('bounds the machine TimeoutSeconds to a positive whole number of seconds', () => {
    for (const TimeoutSeconds of [1, 3600, 99_999_999]) {
      expect(found(machine({ S: { Type: 'Succeed' } }, { TimeoutSeconds }))).toEqual([]);
    }
    for (const TimeoutSeconds of [0, -1, 1.5, 1e300]) {
      expect(found(machine({ S: { Type: 'Succeed' } }, { TimeoutSeconds })), String(TimeoutSeconds)).toEqual([
        'SCHEMA_VALIDATION_FAILED /TimeoutSeconds',
      ]);
    }
  });

  it('bounds Wait Seconds to 0..99999999 (state-wait.html)', () => {
    const wait = (Seconds: number) => machine({ W: { Type: 'Wait', Seconds, End: true } });
    expect(found(wait(0))).toEqual([]);
    expect(found(wait(99_999_999))).toEqual([]);
    expect(found(wait(100_000_000))).toEqual(['SCHEMA_VALIDATION_FAILED /States/W/Seconds']);
    expect(found(wait(1e300))).toEqual(['SCHEMA_VALIDATION_FAILED /States/W/Seconds']);
  });

  it('takes a JSONata Items as an array or a {% %} expression, nothing else', () => {
    const map = (Items: unknown) =>
      machine(
        {
          M: {
            Type: 'Map',
            Items,
            ItemProcessor: { StartAt: 'W', States: { W: { Type: 'Succeed' } } },
            End: true,
          },
        },
        { QueryLanguage: 'JSONata' },
      );
    expect(found(map([1, 2]))).toEqual([]);
    expect(found(map('{% $states.input.items %}'))).toEqual([]);
    expect(found(map('${ItemsJson}'))).toEqual([]);
    for (const Items of ['items', { a: 1 }, 3]) {
      expect(found(map(Items)), JSON.stringify(Items)).toEqual(['SCHEMA_VALIDATION_FAILED /States/M/Items']);
    }
  });
});

describe('intrinsic functions in raw ASL', () => {
  const pass = (value: string) => machine({ P: { Type: 'Pass', Parameters: { 'v.$': value }, End: true } });

  it("escapes only ' { } and \\ in strings (intrinsic-functions.html, reserved characters)", () => {
    expect(found(pass("States.Format('it\\'s \\{\\} a \\\\ b {}', $.x)"))).toEqual([]);
    const [problem] = validate(pass('States.Format(\'say \\"{}\\"\', $.x)'));
    expect(problem?.code).toBe('INVALID_INTRINSIC');
    expect(problem?.message).toContain('is not an escape');
  });

  it('counts States.Format placeholders against the values that follow', () => {
    expect(found(pass("States.Format('{} of {}', $.a, $.b)"))).toEqual([]);
    expect(found(pass("States.Format('\\{\\} {}', $.a)"))).toEqual([]); // escaped braces are text
    expect(found(pass('States.Format($.template, $.a)'))).toEqual([]); // known only at run time
    for (const text of ["States.Format('{} of {}', $.a)", "States.Format('no placeholder', $.a)"]) {
      const [problem] = validate(pass(text));
      expect(problem?.code, text).toBe('INVALID_INTRINSIC');
      expect(problem?.message).toMatch(
        /States.Format template has \d \{\} placeholders? but 1 value follows it/,
      );
    }
  });
});

describe('invalid UTF-8', () => {
  it('validates bytes like the text when they are UTF-8, and names where they are not', () => {
    const text = JSON.stringify(machine({ 'Déploiement ✓': { Type: 'Succeed' } }));
    expect(validate(new TextEncoder().encode(text))).toEqual(validate(text));
    const bytes = new Uint8Array([...new TextEncoder().encode('{"StartAt": "A'), 0xc3, 0x28, 0x22, 0x7d]);
    expect(validate(bytes)).toEqual([
      {
        code: 'INVALID_JSON_DESCRIPTION',
        severity: 'ERROR',
        message:
          'not valid UTF-8 at line 1, column 15 (byte offset 14): byte 0xC3 starts a 2-byte character but byte 0x28 does not continue it',
        location: '',
      },
    ]);
  });

  it('refuses overlong forms and surrogates', () => {
    for (const sequence of [
      [0xc0, 0xaf],
      [0xe0, 0x80, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
    ]) {
      const [problem] = validate(new Uint8Array([0x22, ...sequence, 0x22]));
      expect(problem?.message, sequence.join(' ')).toMatch(
        /^not valid UTF-8 at line 1, column 2 \(byte offset 1\)/,
      );
    }
  });
});
