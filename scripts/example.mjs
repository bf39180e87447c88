// Runs one of the examples with tsx, forwarding arguments, stdio, signals and the exit code:
//
//   npm run example -- hello-world/server
//   npm run example -- weather/client 10001
import { spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const examplesDir = join(root, 'examples')

/** Every runnable example as `<pattern>/<role>`, plus `demo`. */
function listExamples() {
  const names = []
  for (const entry of readdirSync(examplesDir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      for (const file of readdirSync(join(examplesDir, entry.name))) {
        if (file.endsWith('.ts')) names.push(`${entry.name}/${file.slice(0, -3)}`)
      }
    } else if (entry.name.endsWith('.ts')) {
      names.push(entry.name.slice(0, -3))
    }
  }
  return names.sort()
}

const [name, ...args] = process.argv.slice(2)
const examples = listExamples()
const normalized = name?.replace(/\.ts$/, '').replace(/^examples\//, '')

if (normalized === undefined || !examples.includes(normalized)) {
  if (name !== undefined && name !== '--help' && name !== '-h') {
    console.error(`Unknown example '${name}'.\n`)
  }
  console.error('Usage: npm run example -- <example> [args...]\n\nExamples:')
  for (const example of examples) console.error(`  ${example}`)
  process.exit(name === '--help' || name === '-h' ? 0 : 2)
}

const file = join(examplesDir, `${normalized}.ts`)
if (!existsSync(file)) throw new Error(`missing ${file}`)

// tsx's loader, resolved from this package so the script works from any directory.
const tsx = import.meta.resolve('tsx')
const child = spawn(process.execPath, ['--import', tsx, file, ...args], { stdio: 'inherit' })

// Ctrl-C reaches the child through the terminal's process group; a signal sent to this
// process alone is passed on. Either way this process waits for the child and exits as it did.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal))
}
child.on('error', (error) => {
  console.error(`example: cannot start ${normalized}: ${error.message}`)
  process.exit(1)
})
child.on('exit', (code, signal) => {
  if (signal !== null) {
    process.removeAllListeners(signal)
    process.kill(process.pid, signal)
  } else {
    process.exit(code ?? 1)
  }
})
