/**
 * The ZeroMQ socket types by their ZMTP names (the `Socket-Type` property of the READY command,
 * RFC 37). Every rxzmq socket class has one; a transport makes sockets of the types it knows.
 */
export type SocketType =
  | 'PAIR'
  | 'PUB'
  | 'SUB'
  | 'REQ'
  | 'REP'
  | 'DEALER'
  | 'ROUTER'
  | 'PULL'
  | 'PUSH'
  | 'XPUB'
  | 'XSUB'
  | 'STREAM'
  | 'SERVER'
  | 'CLIENT'
  | 'RADIO'
  | 'DISH'
  | 'GATHER'
  | 'SCATTER'

/**
 * Which socket types may be peers (RFC 28-31 and the draft RFCs): a ZMTP handshake with a type
 * not listed here fails (libzmq's `ERR_ZMTP_INVALID_SOCKET_TYPE`).
 */
export const COMPATIBLE: Readonly<Record<SocketType, readonly SocketType[]>> = {
  PAIR: ['PAIR'],
  PUB: ['SUB', 'XSUB'],
  SUB: ['PUB', 'XPUB'],
  XPUB: ['SUB', 'XSUB'],
  XSUB: ['PUB', 'XPUB'],
  REQ: ['REP', 'ROUTER'],
  REP: ['REQ', 'DEALER'],
  DEALER: ['REP', 'DEALER', 'ROUTER'],
  ROUTER: ['REQ', 'DEALER', 'ROUTER'],
  PULL: ['PUSH'],
  PUSH: ['PULL'],
  STREAM: [],
  SERVER: ['CLIENT'],
  CLIENT: ['SERVER'],
  RADIO: ['DISH'],
  DISH: ['RADIO'],
  GATHER: ['SCATTER'],
  SCATTER: ['GATHER'],
}

/** True when a socket of type `a` may talk to one of type `b`. */
export function compatible(a: SocketType, b: SocketType): boolean {
  return COMPATIBLE[a].includes(b)
}
