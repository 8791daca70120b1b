// Loaded into each function worker by `npm run bench:loop` (through NODE_OPTIONS), never by the product: stamps every
// outgoing HTTP request with the wall-clock time the code issued it, so the local CloudBase's door can tell calls sent
// together (one round trip) from calls sent one after another, and with the worker's CPU time so far.
const http = require('node:http')
const request = http.request
let calls = 0
http.request = function stampedRequest(...args) {
  const req = request.apply(this, args)
  try {
    req.setHeader('x-bench-sent', String(performance.timeOrigin + performance.now()))
    // This worker's CPU so far (µs), so that the benchmark can tell the functions' share of the CPU per command.
    // Every 64th call only: reading it is a system call, and at every call it cost a sixth of the worker's CPU.
    if (calls++ % 64 === 0) {
      const cpu = process.cpuUsage()
      req.setHeader('x-bench-cpu', `${process.pid}:${cpu.user + cpu.system}`)
    }
  } catch {
    // headers already sent: leave the request as it is
  }
  return req
}
