// @ts-check
// Lint for src/, test/, bench/ and examples/ (npm run lint, part of npm test): type-aware
// typescript-eslint (recommendedTypeChecked) and eslint-plugin-rxjs-x, zero warnings allowed.
// Every rule switched off or loosened here says why; a single exception in the code is a
// one-line eslint-disable comment that says why.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import rxjsX from 'eslint-plugin-rxjs-x'

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'docs/**',
      'test-output/**',
      'coverage/**',
      'bench/results/**',
      // the Angular app has its own toolchain (and its own tsconfig)
      'examples/angular-weather/**',
      // build scripts and config files, not part of the library, its tests or its examples
      'scripts/**',
      'bin/**',
      '*.config.js',
      '*.config.mjs',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [
      js.configs.recommended,
      ...tseslint.configs.recommendedTypeChecked,
      rxjsX.configs.recommended,
    ],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Most of what it reports (124 of 158) is `xs[i]!`: the code marks each indexed read it
      // knows is in range, as if noUncheckedIndexedAccess were on; the rest are casts that only
      // spell a type out. Neither hides a bug, and removing them would churn most files.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // `async` without `await` is deliberate here: it makes a Promise-returning interface
      // method (Transport.unbind, a CLI command's or a bench case's run) turn a synchronous
      // throw into a rejection. no-floating-promises and no-misused-promises stay on.
      '@typescript-eslint/require-await': 'off',
      // `_name` marks a parameter or binding that is there for its position (an interface's
      // signature, a destructured rest).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // The socket classes merge an interface into a class to inherit a second base's members
      // (`interface DuplexSocket<In, Out> extends SenderSocket<Out> {}`).
      '@typescript-eslint/no-empty-object-type': [
        'error',
        { allowInterfaces: 'with-single-extends' },
      ],
      // A socket whose behaviour callbacks are built before super() returns captures itself in
      // `let self` assigned right after super(): it cannot be a const, and it must alias this.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['self'] }],
      // Rethrowing or passing on a caught error, whatever it is, is fine.
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingUnknown: true }],
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // rxzmq's sockets and operators fail with a ZmqError (an Error), and the error handlers
      // of the examples and tests say so (`error: (error: Error) => ...`); an error parameter
      // left implicitly `any` is still reported by no-unsafe-member-access and the like.
      'rxjs-x/no-implicit-any-catch': 'off',
      // From rxjs-x's strict set, the ones that hold everywhere.
      'rxjs-x/no-misused-observables': 'error',
      'rxjs-x/no-sharereplay-before-takeuntil': 'error',
    },
  },
  {
    // The library: an Observable nobody subscribes to is a bug, and so is a subscription
    // nobody can end unless it ends by itself (a comment says how where one is ignored).
    // Tests, examples and benchmarks subscribe for the life of a socket they close, or of
    // the process.
    files: ['src/**/*.ts'],
    rules: {
      'rxjs-x/no-floating-observables': 'error',
      'rxjs-x/no-ignored-subscription': 'error',
    },
  },
  {
    // The socket bases merge an interface into the class to mix in shared members
    // (applyMixins): the merging is the design.
    files: [
      'src/sockets/DuplexSocket.ts',
      'src/sockets/ReceiverSocket.ts',
      'src/sockets/SenderSocket.ts',
    ],
    rules: { '@typescript-eslint/no-unsafe-declaration-merging': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Jest's asymmetric matchers (expect.objectContaining, expect.any, ...) and mock call
      // records are typed `any`, and tests hand them to typed parameters all the time.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Test doubles and dial handles are object literals whose methods do not use `this`;
      // tests pass them as callbacks (track({ close: handle.cancel })).
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The hand-written ZWS subscriber and the burst harness the browser tests load into a page.
    files: ['test/browser/pages/*.js', 'test/browser/pages/handlers/raw.js'],
    extends: [js.configs.recommended],
    languageOptions: {
      sourceType: 'module',
      globals: {
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        performance: 'readonly',
        WebSocket: 'readonly',
        TextEncoder: 'readonly',
        URLSearchParams: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        fetch: 'readonly',
        XMLHttpRequest: 'readonly',
        console: 'readonly',
      },
    },
  },
)
