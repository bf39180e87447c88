/**
 * The method through which rxzmq itself answers a ZapRequest (deadline, failing policy,
 * handler stopping). A symbol, so that it is no part of the request's public surface.
 */
export const SETTLE: unique symbol = Symbol('rxzmq.zap.settle')
