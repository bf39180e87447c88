// The examples in the TSDoc of rxzmq's public exports, found with the TypeScript compiler API:
// for each export of an entry point ('rxzmq', 'rxzmq/testing', 'rxzmq/web'), whether it is a
// value at run time, the code blocks of its doc comment and its `@see` tags.
import { existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'

export const ROOT = join(__dirname, '..', '..')
export const ENTRIES = {
  rxzmq: join(ROOT, 'src', 'index.ts'),
  'rxzmq/testing': join(ROOT, 'src', 'testing', 'index.ts'),
  'rxzmq/web': join(ROOT, 'src', 'web', 'index.ts'),
} as const
export type Entry = keyof typeof ENTRIES

export interface Export {
  readonly entry: Entry
  readonly name: string
  /** A value at run time (a class, a function, a constant), not only a type. */
  readonly runtime: boolean
  /** The file that declares it, from the repository root. */
  readonly file: string
  /** The ```ts blocks of its own doc comment (under `## Example` or an `@example` tag). */
  readonly examples: readonly string[]
  /** The ```ts blocks of its members' doc comments (a class's methods...). */
  readonly memberExamples: readonly string[]
  /** The text of each `@see` tag, on it and on its members. */
  readonly see: readonly string[]
}

/** The doc comments right above a node, as text without the comment markers. */
function docText(node: ts.Node): string {
  const source = node.getSourceFile().getFullText()
  const ranges = ts.getLeadingCommentRanges(source, node.getFullStart()) ?? []
  return ranges
    .map((r) => source.slice(r.pos, r.end))
    .filter((c) => c.startsWith('/**'))
    .map((c) =>
      c
        .replace(/^\/\*\*/, '')
        .replace(/\*\/$/, '')
        .split('\n')
        .map((line) => line.replace(/^\s*\* ?/, ''))
        .join('\n'),
    )
    .join('\n')
}

/** The ```ts blocks of a doc comment that are examples: under `## Example` or `@example`. */
export function exampleBlocks(doc: string): string[] {
  const blocks: string[] = []
  const sections = doc.split(/^(?=## |@\w)/m)
  for (const section of sections) {
    if (!/^(## Examples?\b|@example\b)/.test(section)) continue
    for (const m of section.matchAll(/^```(?:ts|typescript)\n([\s\S]*?)^```/gm)) blocks.push(m[1]!)
  }
  return blocks
}

function seeTags(doc: string): string[] {
  return [...doc.matchAll(/^@see\s+([\s\S]*?)(?=^@\w|(?![\s\S]))/gm)].map((m) =>
    m[1]!.replace(/\s+/g, ' ').trim(),
  )
}

/** Every export of the package's entry points, with its examples and `@see` tags. */
export function publicExports(): Export[] {
  const program = ts.createProgram(Object.values(ENTRIES), {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    typeRoots: [join(ROOT, 'node_modules', '@types')],
  })
  const checker = program.getTypeChecker()
  const found: Export[] = []
  for (const [entry, file] of Object.entries(ENTRIES) as [Entry, string][]) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol =
        exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
      const declarations = symbol.declarations ?? []
      const own = declarations.map((d) =>
        docText(ts.isVariableDeclaration(d) ? d.parent.parent : d),
      )
      const members: string[] = []
      for (const d of declarations) {
        if (ts.isClassDeclaration(d) || ts.isInterfaceDeclaration(d)) {
          for (const member of d.members) members.push(docText(member))
        }
      }
      found.push({
        entry,
        name: exported.name,
        runtime: (symbol.flags & ts.SymbolFlags.Value) !== 0,
        file: relative(ROOT, declarations[0]!.getSourceFile().fileName),
        examples: own.flatMap(exampleBlocks),
        memberExamples: members.flatMap(exampleBlocks),
        see: [...own, ...members].flatMap(seeTags),
      })
    }
  }
  return found
}

/**
 * What is wrong with a `@see` tag, for someone who installed the package and reads the
 * reference: it must be a `{@link}` to an export (TypeDoc checks that it resolves), or text that
 * names an example shipped in the package (`dist/examples/...js`, which must exist as an
 * `examples/...ts` here), never a path of the repository or a URL into it.
 */
export function seeProblem(see: string): string | undefined {
  if (/https?:\/\//.test(see)) return `a URL, which may not resolve: '${see}'`
  if (/^\{@link [\w.#]+\}/.test(see)) return undefined
  const shipped = /\bdist\/examples\/([\w./-]+)\.js\b/.exec(see)
  if (shipped !== null) {
    const source = join(ROOT, 'examples', `${shipped[1]}.ts`)
    if (!existsSync(source)) return `no such example: examples/${shipped[1]}.ts`
    return undefined
  }
  if (/(^|\s)[\w-]+\/[\w./-]+\.\w+/.test(see)) return `a path of the repository: '${see}'`
  if (/^\w+(\s|$)/.test(see)) return `a bare name, not a {@link}: '${see}'`
  return undefined
}

/** Socket names that, called as functions, are factories rxzmq does not have. */
const SOCKET_WORDS =
  /^(pub|sub|xpub|xsub|req|rep|request|reply|requester|dealer|router|push|pull|pair|stream|server|client|radio|dish|scatter|gather|publisher|subscriber)$/

export interface ExampleError {
  /** `rxzmq:PushSocket#1` */
  readonly example: string
  readonly message: string
}

/**
 * Type-checks every example against the sources, as a module of its own. A block without
 * imports gets them: every export of 'rxzmq', 'rxzmq/testing' (and 'rxzmq/web''s own) and of
 * 'rxjs' and 'rxjs/testing', by name. A lowercase name it uses but does not declare (`source`,
 * `handler`, `sub$`) stands for a value of the example's context and is typed `any`; any other
 * missing name (a class that does not exist, a socket factory such as `pull(...)`) is an error.
 */
export function checkExamples(exports: readonly Export[]): ExampleError[] {
  // in memory, never written: a path in the repository so that rxjs and @types resolve
  const dir = join(ROOT, 'test', 'docs', '.examples')
  const names = (entry: Entry) =>
    new Set(exports.filter((e) => e.entry === entry).map((e) => e.name))
  const own = names('rxzmq')
  const testing = [...names('rxzmq/testing')].filter((n) => !own.has(n))
  const web = [...names('rxzmq/web')].filter((n) => !own.has(n) && !testing.includes(n))
  const taken = new Set([...own, ...testing, ...web])
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const rxjs = Object.keys(require('rxjs')).filter((n) => !taken.has(n) && n !== 'default')
  // the names an example uses and does not declare itself, from where they are exported
  const imports = (code: string) => {
    const used = (n: string) =>
      new RegExp(`(?<![\\w$.])${n.replace(/\$/g, '\\$')}(?![\\w$])`).test(code) &&
      !new RegExp(`\\b(const|let|var|function|class|interface|type)\\s+${n}\\b`).test(code)
    const from = (names: Iterable<string>, module: string) => {
      const list = [...names].filter(used)
      return list.length > 0 ? `import { ${list.join(', ')} } from '${module}'\n` : ''
    }
    return (
      from(own, 'rxzmq') +
      from(testing, 'rxzmq/testing') +
      from(web, 'rxzmq/web') +
      from(rxjs, 'rxjs') +
      from(['TestScheduler'], 'rxjs/testing')
    )
  }
  const files = new Map<string, { example: string; code: string; offset: number }>()
  for (const e of exports) {
    if (
      e.entry !== 'rxzmq' &&
      files.size > 0 &&
      exports.some((o) => o !== e && o.name === e.name && o.entry === 'rxzmq')
    )
      continue // the same declaration, checked once
    ;[...e.examples, ...e.memberExamples].forEach((code, i) => {
      const file = join(dir, `${e.entry.replace('/', '-')}.${e.name}.${i + 1}.ts`)
      const header = /^\s*import\s/m.test(code) ? '' : imports(code)
      files.set(file, {
        example: `${e.entry}:${e.name}#${i + 1}`,
        code: `${header}${code}\nexport {}\n`,
        offset: header.split('\n').length - 1,
      })
    })
  }
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    // a callback on a context value (typed any) takes parameters typed any
    noImplicitAny: false,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node', 'jest'],
    typeRoots: [join(ROOT, 'node_modules', '@types')],
    paths: {
      rxzmq: [ENTRIES.rxzmq],
      'rxzmq/testing': [ENTRIES['rxzmq/testing']],
      'rxzmq/web': [ENTRIES['rxzmq/web']],
    },
  }
  const compile = (old?: ts.Program) => {
    const host = ts.createCompilerHost(options)
    const getSourceFile = host.getSourceFile.bind(host)
    host.getSourceFile = (name, language, ...rest) => {
      const file = files.get(name)
      return file !== undefined
        ? ts.createSourceFile(name, file.code, language)
        : getSourceFile(name, language, ...rest)
    }
    const fileExists = host.fileExists.bind(host)
    host.fileExists = (name) => files.has(name) || fileExists(name)
    // the second pass reuses the first's parse of the sources and libraries
    return ts.createProgram([...files.keys()], options, host, old)
  }
  const diagnosticsOf = (program: ts.Program, file: string) => {
    const source = program.getSourceFile(file)!
    return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
  }
  // first pass: the context's values, typed any
  let program = compile()
  for (const [file, entry] of files) {
    const context = new Set<string>()
    for (const d of diagnosticsOf(program, file)) {
      const name = /^Cannot find name '([a-z_$][\w$]*)'/.exec(
        ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      )
      // except a socket factory, which rxzmq does not have: sockets are classes (new PullSocket())
      const factory = (n: string) =>
        SOCKET_WORDS.test(n) && new RegExp(`(?<![\\w$.])${n}\\s*\\(`).test(entry.code)
      if (d.code === 2304 && name !== null && !factory(name[1]!)) context.add(name[1]!)
      const shorthand = /^No value exists in scope for the shorthand property '([\w$]+)'/.exec(
        ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      )
      if (d.code === 18004 && shorthand !== null) context.add(shorthand[1]!)
    }
    if (context.size > 0) {
      const declarations = [...context].map((n) => `declare const ${n}: any`).join('; ')
      files.set(file, {
        ...entry,
        code: `${declarations}\n${entry.code}`,
        offset: entry.offset + 1,
      })
    }
  }
  program = compile(program)
  const errors: ExampleError[] = []
  for (const [file, entry] of files) {
    const source = program.getSourceFile(file)!
    for (const d of diagnosticsOf(program, file)) {
      const line =
        d.start !== undefined
          ? source.getLineAndCharacterOfPosition(d.start).line + 1 - entry.offset
          : 0
      errors.push({
        example: entry.example,
        message: `line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
      })
    }
  }
  return errors
}
