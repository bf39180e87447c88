import type { Observable } from 'rxjs'
import type { SocketEvent } from '../events'
import type { Message, MessageLike } from '../message'
import type { VirtualSocketConfig } from './VirtualSocketConfig'

/** What every socket offers, native or virtual. */
export interface SocketLike {
  readonly socketType: string
  bind(endpoint: string): Promise<string>
  connect(endpoint: string): void
  disconnect(endpoint: string): void
  close(): void
  readonly isClosed: boolean
  readonly events$: Observable<SocketEvent>
}

/** A socket that sends. */
export interface SendingSocket extends SocketLike {
  next(message: MessageLike): void
  send(message: MessageLike): Promise<void>
  complete(): void
  error(error: unknown): void
}

/** A socket that receives: an Observable of its messages. */
export type ReceivingSocket = SocketLike & Observable<Message>

/** A socket that sends and receives. */
export type DuplexSocketLike = ReceivingSocket & SendingSocket

/**
 * Makes sockets of every pattern. User code written against it runs over native sockets
 * ({@link nativeSockets}) and over a {@link VirtualNetwork} alike.
 */
export interface SocketFactory {
  publisher(config?: VirtualSocketConfig): SendingSocket
  subscriber(
    config?: VirtualSocketConfig,
  ): ReceivingSocket & { topic(prefix: string | Uint8Array): Observable<Message> }
  xpublisher(config?: VirtualSocketConfig): DuplexSocketLike
  xsubscriber(config?: VirtualSocketConfig): DuplexSocketLike
  push(config?: VirtualSocketConfig): SendingSocket
  pull(config?: VirtualSocketConfig): ReceivingSocket
  request(
    config?: VirtualSocketConfig,
  ): DuplexSocketLike & { request(message: MessageLike): Observable<Message> }
  reply(config?: VirtualSocketConfig): DuplexSocketLike
  dealer(config?: VirtualSocketConfig): DuplexSocketLike
  router(config?: VirtualSocketConfig): DuplexSocketLike
  pair(config?: VirtualSocketConfig): DuplexSocketLike
}
