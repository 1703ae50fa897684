// Errors the gateway and the wrapper answer with, in OpenAI's error shape
// (`{ error: { message, type, param, code } }`), so every OpenAI client reports them as it reports
// the API's own. Messages name the problem, never a value from the request.

export type GatewayErrorType = 'invalid_request_error' | 'authentication_error' | 'permission_error' | 'rate_limit_error' | 'kavach_error' | 'upstream_error';

export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: GatewayErrorType = 'invalid_request_error',
    readonly headers: Record<string, string> = {},
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

/** The JSON body of an error. */
export function errorBody(status: number, code: string, message: string, type: GatewayErrorType, param: string | null = null): string {
  return JSON.stringify({ error: { message, type, param, code } });
}

/**
 * An error Response. Failures of kavach itself carry `x-should-retry: false` (the openai client
 * honours it), so a client does not send the same request again for the same failure.
 */
export function errorResponse(err: GatewayError): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...err.headers };
  if (err.type === 'kavach_error') headers['x-should-retry'] = 'false';
  return new Response(errorBody(err.status, err.code, err.message, err.type, err.param), { status: err.status, headers });
}

/** Map anything thrown to a GatewayError without copying a message that could hold data. */
export function toGatewayError(err: unknown, where: 'anonymise' | 'restore' | 'upstream'): GatewayError {
  if (err instanceof GatewayError) return err;
  const code = typeof (err as { code?: unknown })?.code === 'string' && /^[A-Z_]+$/.test((err as { code: string }).code) ? (err as { code: string }).code : 'ERROR';
  if (where === 'upstream') return new GatewayError(502, 'upstream_unreachable', 'kavach: the upstream API could not be reached', 'upstream_error');
  return new GatewayError(
    500,
    `kavach_${where}_failed`,
    `kavach: ${where === 'anonymise' ? 'anonymising the request' : 'restoring the reply'} failed (${code}); nothing was sent upstream${where === 'restore' ? ' beyond the anonymised request' : ''}`,
    'kavach_error',
  );
}
