/**
 * Runs one request handler so that nothing a client sends can stop the server: an exception
 * (a bug in incep) is logged in one line and the request answered with `fallback`.
 */
export function guard<P, R>(
  name: string,
  log: (message: string) => void,
  fallback: R,
  handler: (params: P) => R,
): (params: P) => R {
  return (params) => {
    try {
      return handler(params);
    } catch (e) {
      log(`incep: ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
      return fallback;
    }
  };
}
