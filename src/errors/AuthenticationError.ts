import { HandshakeError } from './HandshakeError'

/**
 * A security handshake that was refused: a PLAIN server turned the user name and password
 * down, or a server told this client so with an ERROR command. `status` is the ZAP status code
 * (RFC 27): 400 refused, 300 temporary failure, 500 internal error (the authenticator threw,
 * or there is none). `code` is `EACCES` for a refusal, `EFAULT` when a PLAIN server has no
 * authenticator at all (libzmq's answer when no ZAP handler is bound). Credentials are never
 * quoted.
 *
 * ## Example
 * ```ts
 * const push = new PushSocket({
 *   connect: 'tcp://127.0.0.1:5555',
 *   transport: zmtpTransport(), // the ZMTP transport reports it; a request fails with a HandshakeError
 *   ...plainClient({ username: 'admin', password: 'wrong' }),
 * })
 * push.events$.subscribe((event) => {
 *   if ('error' in event && event.error instanceof AuthenticationError) {
 *     console.error(`${event.type}: refused (${event.error.status})`) // handshake:error:auth: 400
 *   }
 * })
 * ```
 */
export class AuthenticationError extends HandshakeError {
  declare readonly errno: number
  declare readonly status: 300 | 400 | 500
  constructor(
    message: string,
    details: { status: 300 | 400 | 500; code?: 'EACCES' | 'EFAULT'; endpoint?: string },
  ) {
    const code = details.code ?? 'EACCES'
    super(message, {
      code,
      errno: code === 'EACCES' ? 13 : 14,
      endpoint: details.endpoint,
      status: details.status,
    })
  }
}
