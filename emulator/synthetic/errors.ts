/** An AWS error answer: rendered by the service's protocol (XML or JSON) with its HTTP status. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly fault: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}

export const invalidParameter = (message: string, code = 'InvalidParameterValue') => new AwsError(code, message, 400);
