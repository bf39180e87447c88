// Makes the native transport the default: what `import 'rxzmq'` does on Node.
import { setDefaultTransport } from '../../core/defaultTransport'
import { nativeTransport } from './NativeTransport'

setDefaultTransport(nativeTransport)
