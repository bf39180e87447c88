// Prints the versions in use: libzmq (bundled with zeromq.js), zeromq.js and rxzmq.
// The rxzmq counterpart of the seed's version.py.
//
//   npm run example -- version/version
import { versions } from '../../src'

const { libzmq, zeromq, rxzmq } = versions()
console.log(`Current    libzmq version is ${libzmq}`)
console.log(`Current zeromq.js version is ${zeromq}`)
console.log(`Current     rxzmq version is ${rxzmq}`)
