import { describe, expect, it } from 'vitest';
import {
  actionMatches,
  adminAccessStatements,
  analyzeBucketTlsPolicy,
  conditionHolds,
  evaluatePolicy,
  resourceMatches,
  statementCoversEveryServiceAction,
  UnsupportedConditionOperatorError,
  type PolicyDecision,
  type PolicyRequest,
} from '../../../../checks/support/iam-policy.js';
import type { PolicyStatement } from '../../../../checks/support/policy-document.js';

const BUCKET = 'arn:aws:s3:::logs-prod';
const alice = { type: 'AWS' as const, id: 'arn:aws:iam::111122223333:user/alice' };
const request = (overrides: Partial<PolicyRequest> = {}): PolicyRequest => ({
  principal: alice,
  action: 's3:GetObject',
  resource: `${BUCKET}/key.txt`,
  context: {},
  ...overrides,
});
const allow = (extra: Partial<PolicyStatement> = {}): PolicyStatement => ({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', ...extra });
const deny = (extra: Partial<PolicyStatement> = {}): PolicyStatement => ({ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', ...extra });

describe('evaluatePolicy: explicit deny, allow, implicit deny', () => {
  const cases: [string, PolicyStatement[], PolicyRequest, PolicyDecision][] = [
    ['no statements is an implicit deny', [], request(), 'implicit-deny'],
    ['a matching Allow allows', [allow()], request(), 'allow'],
    ['an explicit Deny in another statement wins over the Allow', [allow(), deny({ Action: 's3:GetObject' })], request(), 'explicit-deny'],
    ['the Deny wins whatever the statement order', [deny({ Action: 's3:GetObject' }), allow()], request(), 'explicit-deny'],
    ['a Deny that does not match leaves the Allow', [allow(), deny({ Action: 's3:PutObject' })], request(), 'allow'],
    ['Allow on another action is an implicit deny', [allow({ Action: 's3:PutObject' })], request(), 'implicit-deny'],
    ['NotAction: applies to every action but the listed', [deny({ Action: undefined, NotAction: 's3:GetObject' }), allow()], request(), 'allow'],
    ['NotAction: a non-listed action is denied', [deny({ Action: undefined, NotAction: 's3:PutObject' }), allow()], request(), 'explicit-deny'],
    ['NotResource: the listed resource is exempt', [deny({ Resource: undefined, NotResource: `${BUCKET}/*` }), allow()], request(), 'allow'],
    ['NotResource: another resource is denied', [deny({ Resource: undefined, NotResource: 'arn:aws:s3:::other/*' }), allow()], request(), 'explicit-deny'],
    ['NotPrincipal: the listed principal is exempt', [deny({ Principal: undefined, NotPrincipal: { AWS: alice.id } }), allow()], request(), 'allow'],
    [
      'NotPrincipal: anyone else is denied',
      [deny({ Principal: undefined, NotPrincipal: { AWS: alice.id } }), allow()],
      request({ principal: { type: 'AWS', id: 'arn:aws:iam::111122223333:user/bob' } }),
      'explicit-deny',
    ],
    ['Principal: an account id stands for its principals', [allow({ Principal: { AWS: '111122223333' } })], request(), 'allow'],
    ['Principal: an account root ARN stands for its principals', [allow({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } })], request(), 'allow'],
    ['Principal: another account does not match', [allow({ Principal: { AWS: '444455556666' } })], request(), 'implicit-deny'],
    [
      'Principal: an assumed-role session acts as its role',
      [allow({ Principal: { AWS: 'arn:aws:iam::111122223333:role/ci' } })],
      request({ principal: { type: 'AWS', id: 'arn:aws:sts::111122223333:assumed-role/ci/build-7' } }),
      'allow',
    ],
    [
      'Principal: a service principal is matched by type and name',
      [allow({ Principal: { Service: 'cloudtrail.amazonaws.com' } })],
      request({ principal: { type: 'Service', id: 'cloudtrail.amazonaws.com' } }),
      'allow',
    ],
    ['Principal {"AWS": "*"} is everyone, anonymous requests included', [allow({ Principal: { AWS: '*' } })], request({ principal: undefined }), 'allow'],
    ['Principal "*" is everyone, anonymous requests included', [allow()], request({ principal: undefined }), 'allow'],
    ['identity policy: no Principal element applies to the attached identity', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }], request({ principal: undefined }), 'allow'],
    ['a statement without Action or NotAction applies to nothing', [{ Effect: 'Allow', Principal: '*', Resource: '*' }], request(), 'implicit-deny'],
  ];
  it.each(cases)('%s', (_name, statements, req, expected) => {
    expect(evaluatePolicy(statements, req)).toBe(expected);
  });
});

describe('wildcards in Action (case-insensitive) and Resource (case-sensitive)', () => {
  it.each([
    ['s3:*', 's3:GetObject', true],
    ['S3:getobject', 's3:GetObject', true],
    ['iam:*AccessKey*', 'iam:ListAccessKeys', true],
    ['s3:Get?bject', 's3:GetObject', true],
    ['s3:Get?', 's3:GetObject', false],
    ['s3:Put*', 's3:GetObject', false],
    ['*', 'ec2:RunInstances', true],
  ])('action %s ~ %s → %s', (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected);
  });
  it.each([
    ['arn:aws:s3:::logs-prod/*', 'arn:aws:s3:::logs-prod/a/b.txt', true],
    ['arn:aws:s3:::logs-prod/*', 'arn:aws:s3:::logs-prod', false],
    ['arn:aws:s3:::LOGS-PROD/*', 'arn:aws:s3:::logs-prod/a', false],
    ['arn:aws:iam::111122223333:user/Bob', 'arn:aws:iam::111122223333:user/bob', false],
    ['arn:aws:s3:::logs-???d', 'arn:aws:s3:::logs-prod', true],
    ['arn:aws:s3:::logs.prod', 'arn:aws:s3:::logsXprod', false],
  ])('resource %s ~ %s → %s', (pattern, resource, expected) => {
    expect(resourceMatches(pattern, resource)).toBe(expected);
  });
});

describe('conditionHolds', () => {
  type Case = [string, PolicyStatement['Condition'], PolicyRequest['context'], boolean];
  const cases: Case[] = [
    // AND across operators, AND across keys of one operator, OR across the values of one key
    ['AND across operators: both hold', { Bool: { 'aws:SecureTransport': 'false' }, StringEquals: { 'aws:SourceVpce': 'vpce-1' } }, { 'aws:SecureTransport': false, 'aws:SourceVpce': 'vpce-1' }, true],
    ['AND across operators: one fails', { Bool: { 'aws:SecureTransport': 'false' }, StringEquals: { 'aws:SourceVpce': 'vpce-1' } }, { 'aws:SecureTransport': false, 'aws:SourceVpce': 'vpce-2' }, false],
    ['AND across keys in one operator: one fails', { Bool: { 'aws:SecureTransport': 'false', 'aws:MultiFactorAuthPresent': 'false' } }, { 'aws:SecureTransport': false, 'aws:MultiFactorAuthPresent': true }, false],
    ['AND across keys in one operator: both hold', { Bool: { 'aws:SecureTransport': 'false', 'aws:MultiFactorAuthPresent': 'false' } }, { 'aws:SecureTransport': false, 'aws:MultiFactorAuthPresent': false }, true],
    ['OR across values: the second matches', { StringEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } }, { 'aws:SourceVpce': 'vpce-2' }, true],
    ['OR across values: none matches', { StringEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } }, { 'aws:SourceVpce': 'vpce-3' }, false],
    ['negated operator with several values is NOR: one matches → false', { StringNotEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } }, { 'aws:SourceVpce': 'vpce-2' }, false],
    ['negated operator with several values is NOR: none matches → true', { StringNotEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } }, { 'aws:SourceVpce': 'vpce-3' }, true],
    // absent keys
    ['positive operator on an absent key is false', { StringEquals: { 'aws:SourceVpce': 'vpce-1' } }, {}, false],
    ['negated operator on an absent key is true', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, {}, true],
    ['NotIpAddress on an absent key is true', { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, {}, true],
    ['...IfExists on an absent key is true', { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } }, {}, true],
    ['...IfExists on a present key is tested', { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } }, { 'aws:SourceVpce': 'vpce-2' }, false],
    ['BoolIfExists on an absent key is true', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }, {}, true],
    ['Null true: the key is absent', { Null: { 'aws:TokenIssueTime': 'true' } }, {}, true],
    ['Null true: the key is present', { Null: { 'aws:TokenIssueTime': 'true' } }, { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }, false],
    ['Null false: the key is present', { Null: { 'aws:TokenIssueTime': 'false' } }, { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }, true],
    ['Null false: the key is absent', { Null: { 'aws:TokenIssueTime': 'false' } }, {}, false],
    // keys are case-insensitive; String/Bool values
    ['condition key names are case-insensitive', { StringEquals: { 'AWS:SourceVPCE': 'vpce-1' } }, { 'aws:SourceVpce': 'vpce-1' }, true],
    ['StringEquals is case-sensitive on values', { StringEquals: { 'aws:username': 'johndoe' } }, { 'aws:username': 'JohnDoe' }, false],
    ['StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { 'aws:username': 'johndoe' } }, { 'aws:username': 'JohnDoe' }, true],
    ['StringEquals takes no wildcards', { StringEquals: { 'aws:username': 'john*' } }, { 'aws:username': 'johndoe' }, false],
    ['StringLike takes wildcards', { StringLike: { 'aws:username': 'john*' } }, { 'aws:username': 'johndoe' }, true],
    ['StringNotLike', { StringNotLike: { 'aws:username': 'john*' } }, { 'aws:username': 'johndoe' }, false],
    ['Bool with "false" as a string matches the boolean false', { Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': false }, true],
    ['Bool with "false" as a string does not match true', { Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': true }, false],
    ['Bool with JSON false matches the string "false"', { Bool: { 'aws:SecureTransport': false as unknown as string } }, { 'aws:SecureTransport': 'false' }, true],
    ['Bool value is case-insensitive', { Bool: { 'aws:SecureTransport': 'FALSE' } }, { 'aws:SecureTransport': false }, true],
    // Numeric, Date, IP, ARN
    ['NumericLessThan', { NumericLessThan: { 's3:max-keys': '10' } }, { 's3:max-keys': 5 }, true],
    ['NumericLessThan boundary', { NumericLessThan: { 's3:max-keys': '10' } }, { 's3:max-keys': '10' }, false],
    ['NumericGreaterThanEquals', { NumericGreaterThanEquals: { 'aws:MultiFactorAuthAge': '3600' } }, { 'aws:MultiFactorAuthAge': 3600 }, true],
    ['NumericEquals on a non-number is false', { NumericEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': 'ten' }, false],
    ['DateLessThan ISO 8601', { DateLessThan: { 'aws:CurrentTime': '2026-12-31T23:59:59Z' } }, { 'aws:CurrentTime': '2026-06-01T00:00:00Z' }, true],
    ['DateGreaterThan epoch seconds', { DateGreaterThan: { 'aws:EpochTime': '1700000000' } }, { 'aws:EpochTime': 1600000000 }, false],
    ['IpAddress in CIDR', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.7' }, true],
    ['IpAddress outside CIDR', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.114.7' }, false],
    ['IpAddress single address without mask', { IpAddress: { 'aws:SourceIp': '203.0.113.7' } }, { 'aws:SourceIp': '203.0.113.7' }, true],
    ['IpAddress IPv6', { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, { 'aws:SourceIp': '2001:db8:1::5' }, true],
    ['NotIpAddress inside CIDR is false', { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '10.1.2.3' }, false],
    ['ArnLike per segment', { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } }, { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main' }, true],
    ['ArnLike: * does not cross a colon', { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:trail/*' } }, { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main' }, false],
    ['ArnNotEquals on an absent key is true', { ArnNotEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111122223333:t' } }, {}, true],
    // set operators on multivalued keys
    ['ForAnyValue: one request value matches', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env', 'team'] } }, { 'aws:TagKeys': ['owner', 'env'] }, true],
    ['ForAnyValue: no request value matches', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env', 'team'] } }, { 'aws:TagKeys': ['owner'] }, false],
    ['ForAnyValue: absent key is false', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'env' } }, {}, false],
    ['ForAllValues: every request value matches one policy value', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } }, { 'aws:TagKeys': ['team', 'env'] }, true],
    ['ForAllValues: one request value matches none', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } }, { 'aws:TagKeys': ['env', 'owner'] }, false],
    ['ForAllValues: absent key is true', { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'env' } }, {}, true],
    ['ForAllValues: an empty set is true', { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'env' } }, { 'aws:TagKeys': [] }, true],
    ['Null true: an empty set is a null data set', { Null: { 'aws:TagKeys': 'true' } }, { 'aws:TagKeys': [] }, true],
    ['ForAllValues:StringNotLike key1* with key2:audit', { 'ForAllValues:StringNotLike': { 'aws:TagKeys': 'key1*' } }, { 'aws:TagKeys': ['key2:audit'] }, true],
    ['ForAllValues:StringNotLike key1* with key1:legal', { 'ForAllValues:StringNotLike': { 'aws:TagKeys': 'key1*' } }, { 'aws:TagKeys': ['key1:legal'] }, false],
    ['no condition holds', undefined, {}, true],
  ];
  it.each(cases)('%s', (_name, condition, context, expected) => {
    expect(conditionHolds(condition, context)).toBe(expected);
  });

  it('refuses an operator it does not know instead of guessing', () => {
    expect(() => conditionHolds({ StringMatchesRegex: { 'aws:username': '.*' } }, {})).toThrow(UnsupportedConditionOperatorError);
    expect(() => conditionHolds({ 'ForSomeValues:StringEquals': { 'aws:TagKeys': 'a' } }, {})).toThrow(/ForSomeValues:StringEquals/);
  });
});

describe('statementCoversEveryServiceAction', () => {
  it.each([
    [{ Action: '*' }, true],
    [{ Action: 's3:*' }, true],
    [{ Action: 'S3:*' }, true],
    [{ Action: ['s3:GetObject', 's3:*'] }, true],
    [{ Action: 's3*' }, true],
    [{ Action: 's3:Get*' }, false],
    [{ Action: ['s3:Get*', 's3:Put*'] }, false],
    [{ Action: 's3:*Object' }, false],
    [{ NotAction: 'iam:*' }, true],
    [{ NotAction: 's3:DeleteBucket' }, false],
    [{ NotAction: '*:Get*' }, false],
    [{ NotAction: 's3-object-lambda:*' }, true],
    [{}, false],
  ] as [Partial<PolicyStatement>, boolean][])('%j → %s', (statement, expected) => {
    expect(statementCoversEveryServiceAction({ Effect: 'Deny', ...statement }, 's3')).toBe(expected);
  });
});

describe('analyzeBucketTlsPolicy (s3-bucket-ssl-requests-only)', () => {
  const tlsDeny = (extra: Partial<PolicyStatement> = {}): PolicyStatement => ({
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [BUCKET, `${BUCKET}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    ...extra,
  });
  const policy = (...statements: PolicyStatement[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
  const grant: PolicyStatement = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:GetObject', Resource: `${BUCKET}/*` };

  type Case = [string, string | Record<string, unknown> | null, boolean];
  const cases: Case[] = [
    ['no policy at all', null, false],
    ['the ordinary TLS Deny', policy(grant, tlsDeny()), true],
    ['the TLS Deny as a single statement object, not an array', { Statement: tlsDeny() }, true],
    ['the TLS Deny with Principal {"AWS": "*"}', policy(tlsDeny({ Principal: { AWS: '*' } })), true],
    ['the TLS Deny with Action "*"', policy(tlsDeny({ Action: '*' })), true],
    ['the TLS Deny with BoolIfExists', policy(tlsDeny({ Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } })), true],
    ['the TLS Deny with JSON false', policy(tlsDeny({ Condition: { Bool: { 'aws:SecureTransport': false as unknown as string } } })), true],
    ['the TLS Deny with Resource arn:aws:s3:::logs-prod*', policy(tlsDeny({ Resource: `${BUCKET}*` })), true],
    ['the TLS Deny with NotAction that excludes no S3 action', policy(tlsDeny({ Action: undefined, NotAction: 'iam:*' })), true],
    [
      'defect: a TLS Deny split over two statements, one for the bucket and one for bucket/*',
      policy(tlsDeny({ Sid: 'Bucket', Resource: BUCKET }), tlsDeny({ Sid: 'Objects', Resource: `${BUCKET}/*` })),
      true,
    ],
    [
      'defect: a TLS Deny that also requires StringNotEquals aws:SourceVpce',
      policy(tlsDeny({ Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } })),
      false,
    ],
    [
      'defect: aws:MultiFactorAuthPresent in the same Bool block',
      policy(tlsDeny({ Condition: { Bool: { 'aws:SecureTransport': 'false', 'aws:MultiFactorAuthPresent': 'false' } } })),
      false,
    ],
    [
      'the split TLS Deny in the other order (objects first, then the bucket)',
      policy(tlsDeny({ Sid: 'Objects', Resource: `${BUCKET}/*` }), tlsDeny({ Sid: 'Bucket', Resource: BUCKET })),
      true,
    ],
    ['only the objects are covered', policy(tlsDeny({ Resource: `${BUCKET}/*` })), false],
    ['only the bucket is covered', policy(tlsDeny({ Resource: BUCKET })), false],
    ['the Deny names a specific principal', policy(tlsDeny({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } })), false],
    ['the Deny uses NotPrincipal', policy(tlsDeny({ Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } })), false],
    ['Principal "*" together with NotPrincipal (IAM rejects it) is not counted', policy(tlsDeny({ NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } })), false],
    ['the Deny covers only some S3 actions', policy(tlsDeny({ Action: ['s3:GetObject', 's3:PutObject'] })), false],
    ['the Deny NotAction exempts an S3 action', policy(tlsDeny({ Action: undefined, NotAction: 's3:GetObject' })), false],
    ['the Deny NotResource exempts the objects', policy(tlsDeny({ Resource: undefined, NotResource: `${BUCKET}/public/*` })), false],
    ['the condition tests aws:SecureTransport true', policy(tlsDeny({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } })), false],
    ['an unconditional Deny is not a TLS requirement', policy(tlsDeny({ Condition: undefined })), false],
    ['a condition that holds over TLS too (Null false) is no TLS requirement', policy(tlsDeny({ Condition: { Null: { 'aws:SecureTransport': 'false' } } })), false],
    ['Bool ["false", "true"] holds over TLS too', policy(tlsDeny({ Condition: { Bool: { 'aws:SecureTransport': ['false', 'true'] } } })), false],
    ['StringEquals on aws:SecureTransport is not counted (only Bool / BoolIfExists are)', policy(tlsDeny({ Condition: { StringEquals: { 'aws:SecureTransport': 'false' } } })), false],
    ['the statement is an Allow', policy(tlsDeny({ Effect: 'Allow' })), false],
    ['the Deny is for another bucket', policy(tlsDeny({ Resource: ['arn:aws:s3:::other', 'arn:aws:s3:::other/*'] })), false],
    ['the Deny uses an operator this module does not know', policy(tlsDeny({ Condition: { BoolSomething: { 'aws:SecureTransport': 'false' } } })), false],
    [
      'the URL-encoded JSON that IAM returns',
      encodeURIComponent(policy(tlsDeny())),
      true,
    ],
  ];
  it.each(cases)('%s', (_name, document, compliant) => {
    expect(analyzeBucketTlsPolicy(document, BUCKET).compliant).toBe(compliant);
  });

  it('names the statements that deny plain HTTP, by index and Sid, and what is missing', () => {
    const split = analyzeBucketTlsPolicy(policy(grant, tlsDeny({ Sid: 'Bucket', Resource: BUCKET }), tlsDeny({ Sid: 'Objects', Resource: `${BUCKET}/*` })), BUCKET);
    expect(split).toMatchObject({ compliant: true, bucketStatements: [{ index: 1, sid: 'Bucket' }], objectStatements: [{ index: 2, sid: 'Objects' }] });
    const objectsOnly = analyzeBucketTlsPolicy(policy(tlsDeny({ Resource: `${BUCKET}/*` })), BUCKET);
    expect(objectsOnly.reason).toBe(`no Deny statement for every principal and every S3 action, conditioned only on aws:SecureTransport=false, covers the bucket itself (${BUCKET})`);
    expect(analyzeBucketTlsPolicy(null, BUCKET).reason).toMatch(/no policy/);
  });

  it('agrees with evaluatePolicy: a compliant policy denies a plain-HTTP request of anyone, a non-compliant one lets one through', () => {
    const insecure = (context: PolicyRequest['context']) =>
      request({ principal: { type: 'AWS', id: 'arn:aws:iam::999988887777:user/mallory' }, action: 's3:PutObject', context: { 'aws:SecureTransport': false, ...context } });
    const vpce = [grant, tlsDeny({ Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } } })];
    expect(evaluatePolicy([grant, tlsDeny()], insecure({ 'aws:SourceVpce': 'vpce-1' }))).toBe('explicit-deny');
    expect(evaluatePolicy(vpce, insecure({ 'aws:SourceVpce': 'vpce-1' }))).toBe('implicit-deny');
  });

  it('throws on a document that is not JSON (the check reports it)', () => {
    expect(() => analyzeBucketTlsPolicy('{not json', BUCKET)).toThrow();
  });
});

describe('adminAccessStatements (iam-policy-no-statements-with-admin-access)', () => {
  it.each([
    ['Allow * on *', { Effect: 'Allow', Action: '*', Resource: '*' }, 1],
    ['Allow with "*" in an Action list', { Effect: 'Allow', Action: ['s3:*', '*'], Resource: ['*'] }, 1],
    ['a Condition does not exempt it', { Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }, 1],
    ['service:* on * is compliant (the rule\'s own example)', { Effect: 'Allow', Action: 'service:*', Resource: '*' }, 0],
    ['* on one resource', { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b' }, 0],
    ['Deny * on *', { Effect: 'Deny', Action: '*', Resource: '*' }, 0],
    ['NotAction is not flagged by the rule', { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, 0],
    ['NotResource is not flagged by the rule', { Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::b' }, 0],
  ] as [string, PolicyStatement, number][])('%s', (_name, statement, count) => {
    expect(adminAccessStatements([statement])).toHaveLength(count);
  });
});
