import * as zmq from 'zeromq'

/** The zeromq.js module, the one place rxzmq loads it. */
export { zmq }

type DraftModule = typeof import('zeromq/draft')
let draft: DraftModule | undefined

/**
 * Loads `zeromq/draft` on first use only, so that programs which never make a draft socket never
 * see its "experimental" warning. Throws a typed error where the build lacks draft support.
 */
export function loadDraft(): DraftModule {
  if (draft === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    draft = require('zeromq/draft') as DraftModule
  }
  return draft
}

/** True where the bundled libzmq was built with the draft API (Server, Client, Radio, Dish...). */
export const hasDraft: boolean = zmq.capability.draft === true
