// Preloaded (node --import) into an example run by the tests with the ZMTP transport: every
// socket the example makes without a `transport` option uses rxzmq's own ZMTP instead of libzmq.
// The example imports '../../src' as this file does, so both share one module instance.
import { setDefaultTransport, zmtpTransport } from '../../src'

setDefaultTransport(zmtpTransport())
