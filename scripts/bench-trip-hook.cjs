// Loaded into each function worker by `npm run bench:loop` (through NODE_OPTIONS), never by the product: stamps every
// outgoing HTTP request with the wall-clock time the code issued it, so the local CloudBase's door can tell calls sent
// together (one round trip) from calls sent one after another.
const http = require('node:http')
const request = http.request
http.request = function stampedRequest(...args) {
  const req = request.apply(this, args)
  try {
    req.setHeader('x-bench-sent', String(performance.timeOrigin + performance.now()))
  } catch {
    // headers already sent: leave the request as it is
  }
  return req
}
