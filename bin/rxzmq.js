#!/usr/bin/env node
// The rxzmq command. It is TypeScript in src/cli, compiled into dist/cjs/cli by the build, which
// also compiles the demo and the examples into dist/examples: `npx rxzmq --help`.
'use strict'

const { join } = require('node:path')

const main = join(__dirname, '..', 'dist', 'cjs', 'cli', 'main.js')
let cli
try {
  cli = require(main)
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes(main)) {
    console.error('rxzmq: the command is not built (dist/ is missing): run `npm run build` first')
    process.exit(1)
  }
  throw error
}
cli.main()
