#!/usr/bin/env node
// The rxzmq command:
//
//   npx rxzmq demo                 the seed's three patterns end to end on loopback
//   npx rxzmq example <name> [...] one of the examples (npx rxzmq example to list them)
//   npx rxzmq version              libzmq, zeromq.js and rxzmq versions
//
// The demo and the examples are TypeScript programs in the repository's examples/ folder,
// run with tsx (a dev dependency), so they run from a clone after `npm ci` without a build.
'use strict'

const { spawn } = require('node:child_process')
const { existsSync } = require('node:fs')
const { join } = require('node:path')
const { pathToFileURL } = require('node:url')

const root = join(__dirname, '..')

function usage(code) {
  const out = code === 0 ? console.log : console.error
  out('Usage: rxzmq <command>\n')
  out('Commands:')
  out("  demo                    run the seed's three patterns end to end on loopback")
  out('  example <name> [args]   run one of the examples (without a name: list them)')
  out('  version                 print the libzmq, zeromq.js and rxzmq versions')
  process.exit(code)
}

/** tsx's ES module loader, as a file URL for `node --import`. */
function tsxLoader() {
  let pkg
  try {
    pkg = require.resolve('tsx/package.json', { paths: [root] })
  } catch {
    console.error('rxzmq: tsx is not installed; run `npm ci` in the rxzmq repository first')
    process.exit(1)
  }
  return pathToFileURL(join(pkg, '..', 'dist', 'loader.mjs')).href
}

/** Runs a node program in a child, passing stdio, signals and the exit status through. */
function run(args) {
  const child = spawn(process.execPath, args, { stdio: 'inherit', cwd: process.cwd() })
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal))
  }
  child.on('error', (error) => {
    console.error(`rxzmq: ${error.message}`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => {
    if (signal !== null) {
      process.removeAllListeners(signal)
      process.kill(process.pid, signal)
    } else {
      process.exit(code === null ? 1 : code)
    }
  })
}

/** The examples and their runner live in the repository, not in the npm package. */
function fromRepository(file) {
  const path = join(root, file)
  if (!existsSync(path)) {
    console.error('rxzmq: the demo and the examples ship with the repository, not the npm package:')
    console.error('  clone the rxzmq repository, then `npm ci` and `npx rxzmq demo` in it')
    process.exit(1)
  }
  return path
}

const [command, ...rest] = process.argv.slice(2)
switch (command) {
  case 'demo':
    run(['--import', tsxLoader(), fromRepository('examples/demo.ts'), ...rest])
    break
  case 'example':
    run([fromRepository('scripts/example.mjs'), ...rest])
    break
  case 'version':
  case '--version':
  case '-v':
    run([fromRepository('scripts/example.mjs'), 'version/version'])
    break
  case undefined:
  case 'help':
  case '--help':
  case '-h':
    usage(command === undefined ? 2 : 0)
    break
  default:
    console.error(`rxzmq: unknown command '${command}'\n`)
    usage(2)
}
