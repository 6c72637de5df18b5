/**
 * The Step Functions context object (`$$` in JSONPath, `$states.context` in JSONata).
 * `Input` is the machine input type and `Item` the current Map item type, where known.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
 */
export interface ContextObject<Input = unknown, Item = unknown> {
  Execution: {
    Id: string;
    Input: Input;
    Name: string;
    RoleArn: string;
    StartTime: string;
    RedriveCount: number;
    RedriveTime?: string;
  };
  State: {
    EnteredTime: string;
    Name: string;
    RetryCount: number;
  };
  StateMachine: {
    Id: string;
    Name: string;
  };
  /** Present in `.waitForTaskToken` tasks. */
  Task: {
    Token: string;
  };
  /** Present inside a Map state's ItemSelector. */
  Map: {
    Item: {
      Index: number;
      Value: Item;
      /** Distributed Map over an S3 object listing or JSON object: the key. */
      Key?: string;
      /** Distributed Map: where the item came from. */
      Source?: string;
    };
  };
}
