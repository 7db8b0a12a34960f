// Route table for the mocked api module (its default export's get/post/delete are vi.fn()s):
// `routeApi(api, { 'GET /api/sessions/s1/resources': [...] })`.
// Unlisted routes answer 404, like a server that has never heard of them.
export function routeApi(api, routes) {
  for (const method of ['get', 'post', 'delete']) {
    api[method].mockImplementation(async (url, ...rest) => {
      const handler = routes[`${method.toUpperCase()} ${url}`];
      if (handler === undefined) throw Object.assign(new Error(`404 ${url}`), { response: { status: 404 } });
      const data = typeof handler === 'function' ? await handler(...rest) : handler;
      return { data };
    });
  }
}

// A promise the test settles by hand, to hold a request in flight.
export function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
