/**
 * The router refuses a path parameter longer than this with 414 (problem+json). It is the
 * longest parameter a route declares (a violation id: category, reason, subject kind and a
 * subject id of up to 64 characters); each route's params schema bounds its own tighter (400).
 */
export const maxPathParamLength = 300
