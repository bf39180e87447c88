import { createServer } from 'node:net'

/** A tcp endpoint on 127.0.0.1 with a port nothing listens on now, chosen by the kernel. */
export function freeEndpoint(): Promise<string> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address()
      server.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('no free port'))
        else resolve(`tcp://127.0.0.1:${address.port}`)
      })
    })
  })
}
