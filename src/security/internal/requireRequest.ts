import { badArgument } from '../../internal/args'
import { ZapRequest } from '../ZapRequest'

/** A policy's argument: a ZapRequest (made by zapRequests(), or by hand in a test). */
export function requireRequest(request: unknown, where: string): ZapRequest {
  if (request instanceof ZapRequest) return request
  throw badArgument(where, 'request', 'a ZapRequest', request)
}
