import { readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { parseSync } from '@swc/core'

/*
 * src/transport/ws runs in browsers: no Node API, no libzmq, nothing done on import. These
 * tests read the source (and every module it imports at run time, transitively) to hold that.
 */

const root = resolve(__dirname, '..', '..', '..')
const entry = join(root, 'src', 'transport', 'ws', 'index.ts')

/** Node's globals, which a browser does not have. */
const NODE_GLOBALS = new Set([
  'Buffer',
  'process',
  'require',
  'module',
  'exports',
  '__dirname',
  '__filename',
  'global',
  'setImmediate',
  'clearImmediate',
])

interface Module {
  file: string
  runtimeImports: string[]
  identifiers: Set<string>
  topLevel: string[]
}

type Node = { type?: string; [key: string]: unknown }

function walk(node: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(node)) for (const item of node) walk(item, visit)
  else if (node !== null && typeof node === 'object') {
    visit(node as Node)
    for (const value of Object.values(node)) walk(value, visit)
  }
}

function read(file: string): Module {
  const ast = parseSync(readFileSync(file, 'utf8'), { syntax: 'typescript' })
  const runtimeImports: string[] = []
  const topLevel: string[] = []
  for (const item of ast.body as unknown as Node[]) {
    const source = (item.source as { value?: string } | undefined)?.value
    if (
      item.type === 'ImportDeclaration' ||
      item.type === 'ExportNamedDeclaration' ||
      item.type === 'ExportAllDeclaration'
    ) {
      const specifiers = (item.specifiers as { isTypeOnly?: boolean }[] | undefined) ?? []
      const runtime =
        item.typeOnly !== true &&
        (specifiers.length === 0 || specifiers.some((s) => s.isTypeOnly !== true))
      if (source !== undefined && runtime) runtimeImports.push(source)
      if (source !== undefined) continue
    }
    topLevel.push(describeTopLevel(item))
  }
  const identifiers = new Set<string>()
  walk(ast.body, (node) => {
    if (node.type === 'Identifier' && typeof node.value === 'string') identifiers.add(node.value)
  })
  return { file, runtimeImports, identifiers, topLevel }
}

/** What a top-level item is, with `effect:` for anything that may run code on import. */
function describeTopLevel(item: Node): string {
  const declaration = (item.type === 'ExportDeclaration' ? item.declaration : item) as Node
  switch (declaration.type) {
    case 'TsInterfaceDeclaration':
    case 'TsTypeAliasDeclaration':
    case 'FunctionDeclaration':
    case 'ClassDeclaration':
    case 'ExportNamedDeclaration':
      return declaration.type
    case 'VariableDeclaration': {
      const inits = (declaration.declarations as { init?: Node }[]).map((d) => d.init)
      const pure = inits.every((init) => init !== undefined && isPure(init))
      return pure ? 'VariableDeclaration' : `effect: ${JSON.stringify(inits.map((i) => i?.type))}`
    }
    default:
      return `effect: ${String(declaration.type)}`
  }
}

/** Literals, member reads, and `Object.freeze` of a literal: nothing that runs user code. */
function isPure(node: Node): boolean {
  switch (node.type) {
    case 'NumericLiteral':
    case 'StringLiteral':
    case 'BooleanLiteral':
    case 'ArrayExpression':
    case 'ObjectExpression':
    case 'MemberExpression':
    case 'BinaryExpression':
    case 'ArrowFunctionExpression':
      return true
    case 'TsAsExpression':
      return isPure(node.expression as Node)
    case 'CallExpression': {
      const callee = node.callee as Node
      const object = callee.object as Node | undefined
      const property = callee.property as Node | undefined
      return object?.value === 'Object' && property?.value === 'freeze'
    }
    default:
      return false
  }
}

function resolveImport(from: string, specifier: string): string {
  return resolve(dirname(from), specifier) + '.ts'
}

/** Every module src/transport/ws/index.ts loads at run time. */
function runtimeClosure(): Module[] {
  const seen = new Map<string, Module>()
  const queue = [entry]
  while (queue.length > 0) {
    const file = queue.shift() as string
    if (seen.has(file)) continue
    const module = read(file)
    seen.set(file, module)
    for (const specifier of module.runtimeImports)
      if (specifier.startsWith('.')) queue.push(resolveImport(file, specifier))
  }
  return [...seen.values()]
}

describe('src/transport/ws is browser-safe', () => {
  const modules = runtimeClosure()
  const name = (m: Module): string => relative(root, m.file)

  it('loads only project modules at run time: no zeromq, no node:*, no package', () => {
    const bare = modules.flatMap((m) =>
      m.runtimeImports.filter((s) => !s.startsWith('.')).map((s) => `${name(m)} → ${s}`),
    )
    expect(bare).toEqual([])
    expect(modules.map(name).sort()).toEqual([
      'src/errors/ConnectionError.ts',
      'src/errors/HandshakeError.ts',
      'src/errors/InvalidEndpointError.ts',
      'src/errors/InvalidOptionError.ts',
      'src/errors/MessageTooLargeError.ts',
      'src/errors/ProtocolError.ts',
      'src/errors/ZmqError.ts',
      'src/internal/Deque.ts',
      'src/transport/SocketType.ts',
      'src/transport/ws/WebSocketApi.ts',
      'src/transport/ws/WebSocketPipe.ts',
      'src/transport/ws/index.ts',
      'src/transport/ws/wsNetwork.ts',
      'src/transport/ws/zws.ts',
    ])
  })

  it('uses no Node global (Buffer, process, require, setImmediate...)', () => {
    const used = modules.flatMap((m) =>
      [...m.identifiers].filter((id) => NODE_GLOBALS.has(id)).map((id) => `${name(m)}: ${id}`),
    )
    expect(used).toEqual([])
  })

  it('does nothing on import: only declarations at the top level', () => {
    const effects = modules.flatMap((m) =>
      m.topLevel.filter((t) => t.startsWith('effect')).map((t) => `${name(m)}: ${t}`),
    )
    expect(effects).toEqual([])
  })

  it('importing it does not touch globalThis.WebSocket', () => {
    const holder = globalThis as { WebSocket?: unknown }
    const saved = Object.getOwnPropertyDescriptor(holder, 'WebSocket')
    let touched = false
    Object.defineProperty(holder, 'WebSocket', {
      configurable: true,
      get() {
        touched = true
        return undefined
      },
    })
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require('../../../src/transport/ws')
      })
      expect(touched).toBe(false)
    } finally {
      delete holder.WebSocket
      if (saved) Object.defineProperty(holder, 'WebSocket', saved)
    }
  })
})
