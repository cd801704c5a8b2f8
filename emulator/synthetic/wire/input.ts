// Reading operation inputs: form-encoded query/EC2 bodies and JSON bodies, parsed once per request.
import { AwsError } from '../errors.js';
import type { SynthRequest } from '../request.js';

const forms = new WeakMap<SynthRequest, URLSearchParams>();
const jsons = new WeakMap<SynthRequest, Record<string, unknown>>();

export function form(request: SynthRequest): URLSearchParams {
  let params = forms.get(request);
  if (!params) {
    params = new URLSearchParams(request.body);
    forms.set(request, params);
  }
  return params;
}

/** The Action of a query/EC2 request. */
export function formAction(request: SynthRequest): string {
  const action = form(request).get('Action');
  if (!action) throw new AwsError('MissingAction', 'The request must contain the parameter Action');
  return action;
}

/** Values of a flattened query list: Prefix.1, Prefix.2, … (EC2: Filter.1.Value.1 style is read by the caller). */
export function formList(params: URLSearchParams, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; ; i++) {
    const value = params.get(`${prefix}.${i}`);
    if (value === null) return out;
    out.push(value);
  }
}

export function json(request: SynthRequest): Record<string, unknown> {
  let body = jsons.get(request);
  if (!body) {
    try {
      body = request.body ? (JSON.parse(request.body) as Record<string, unknown>) : {};
    } catch {
      throw new AwsError('SerializationException', 'The request body is not valid JSON');
    }
    jsons.set(request, body);
  }
  return body;
}

/** The operation of a JSON RPC request, from X-Amz-Target ("Prefix.Operation"). */
export function jsonTarget(request: SynthRequest, prefix: string): string {
  const target = request.headers['x-amz-target'] ?? '';
  const dot = target.lastIndexOf('.');
  if (dot < 0 || target.slice(0, dot) !== prefix) {
    throw new AwsError('UnknownOperationException', `X-Amz-Target "${target}" is not an operation of ${prefix}`);
  }
  return target.slice(dot + 1);
}

export function jsonString(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new AwsError('ValidationException', `${name} must be a string`);
  return v;
}

export function jsonInt(body: Record<string, unknown>, name: string): number | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new AwsError('ValidationException', `${name} must be an integer`);
  return v;
}
