// examples/secure-ws-proxy: TLS and an Origin allow-list in front of libzmq's ws:// endpoint.
// The certificate is self-signed, made here with the openssl command (skipped, saying so,
// without it). A Node client speaking the upgrade by hand checks the wss:// path and the 403;
// Chromium checks what browsers do: a page from an allowed origin gets the feed, a page from
// another origin (another port on 127.0.0.1) sees its WebSocket fail. Chromium trusts the
// test certificate alone, by its public key (--ignore-certificate-errors-spki-list), not every
// certificate (--ignore-certificate-errors).
import { execFileSync } from 'node:child_process'
import { createHash, X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createZwsProxy, type ZwsProxy } from '../../examples/secure-ws-proxy/proxy'
import { killAll } from '../examples/processes'
import { describeWithChromium, launchChromium, pageLog, type Chromium } from './helpers/chromium'
import { startWeatherXpub, type Publisher } from './helpers/publisher'
import { serveStatic, type StaticServer } from './helpers/staticServer'
import { openWebSocket, zwsReceive } from './helpers/wsClient'

const PAGES = join(__dirname, 'pages')
const NAME = 'secure-ws-proxy (wss:// and an Origin allow-list before libzmq ws://)'
const WEATHER_LINE = /^\d{1,5} -?\d+ \d+$/

function opensslMissing(): string | undefined {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' })
    return undefined
  } catch {
    return 'the openssl command is missing (apt-get install openssl; .ci/run does): no test certificate'
  }
}

/** A self-signed certificate for 127.0.0.1 and localhost, valid two days. */
function makeCertificate(dir: string): { key: string; cert: string } {
  const keyFile = join(dir, 'key.pem')
  const certFile = join(dir, 'cert.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'pipe' },
  )
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') }
}

/** base64(SHA-256(SubjectPublicKeyInfo)): what --ignore-certificate-errors-spki-list takes. */
function spkiHash(cert: string): string {
  const spki = new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' })
  return createHash('sha256').update(spki).digest('base64')
}

async function listen(proxy: ZwsProxy): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    proxy.server.once('error', reject)
    proxy.server.listen(0, '127.0.0.1', () => resolve())
  })
  return (proxy.server.address() as AddressInfo).port
}

const missing = opensslMissing()
if (missing !== undefined) console.warn(`[skipped] ${NAME}: ${missing}`)
const describeIfOpenssl = missing === undefined ? describe : describe.skip

describeIfOpenssl(`${NAME}${missing === undefined ? '' : ` (skipped: ${missing})`}`, () => {
  let dir: string
  let tls: { key: string; cert: string }
  let server: Publisher
  let allowedSite: StaticServer | undefined
  let foreignSite: StaticServer | undefined
  let proxy: ZwsProxy | undefined
  let url: string
  const refusals: string[] = []

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxzmq-proxy-'))
    tls = makeCertificate(dir)
    ;[server, allowedSite, foreignSite] = await Promise.all([
      // A steady feed (300 updates/s) rather than the weather server's flat out: this test is
      // about who gets through, and leaves the cores to the browser.
      startWeatherXpub('*', ['10001', '10002', '10003'], 300),
      serveStatic(PAGES),
      serveStatic(PAGES),
    ])
    proxy = createZwsProxy({
      key: tls.key,
      cert: tls.cert,
      target: server.endpoint,
      allowedOrigins: [allowedSite.origin, 'https://weather.example.com'],
      log: (line) => refusals.push(line),
    })
    url = `wss://127.0.0.1:${await listen(proxy)}`
  }, 60000)

  afterAll(async () => {
    await proxy?.close()
    await killAll()
    await allowedSite?.close()
    await foreignSite?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  describe('a Node client', () => {
    it('gets the feed through wss:// with an allowed Origin', async () => {
      const { protocol, lines } = await zwsReceive(url, [''], 20, {
        origin: 'https://weather.example.com',
        ca: tls.cert, // verified: the certificate names 127.0.0.1
      })
      expect(protocol).toBe('ZWS2.0')
      expect(lines).toHaveLength(20)
      for (const line of lines) expect(line).toMatch(WEATHER_LINE)
    })

    it('is refused with 403 before any upgrade for another Origin, none, or null', async () => {
      for (const origin of ['https://evil.example', 'https://weather.example.com.evil', 'null']) {
        const ws = await openWebSocket(url, { origin, protocols: ['ZWS2.0'], ca: tls.cert })
        expect({ origin, ok: ws.ok, status: ws.ok ? 101 : ws.status }).toEqual({
          origin,
          ok: false,
          status: 403,
        })
      }
      const none = await openWebSocket(url, { protocols: ['ZWS2.0'], ca: tls.cert })
      expect(none.ok ? 101 : none.status).toBe(403)
      expect(refusals.filter((line) => line.startsWith('403 '))).toHaveLength(4)
      expect(refusals).toContain("403 127.0.0.1: Origin 'https://evil.example' not allowed")
    })

    it('refuses an upgrade without the ZWS2.0 sub-protocol (400), and answers 502 when libzmq is not there', async () => {
      const plain = await openWebSocket(url, {
        origin: 'https://weather.example.com',
        ca: tls.cert,
      })
      expect(plain.ok ? 101 : plain.status).toBe(400)

      // A proxy to a port nobody listens on: the port of a server just closed.
      const gone = await serveStatic(PAGES)
      await gone.close()
      const orphan = createZwsProxy({
        key: tls.key,
        cert: tls.cert,
        target: `ws://127.0.0.1:${gone.port}`,
        allowedOrigins: ['https://weather.example.com'],
      })
      try {
        const port = await listen(orphan)
        const ws = await openWebSocket(`wss://127.0.0.1:${port}`, {
          origin: 'https://weather.example.com',
          protocols: ['ZWS2.0'],
          ca: tls.cert,
        })
        expect(ws.ok ? 101 : ws.status).toBe(502)
      } finally {
        await orphan.close()
      }
    })
  })

  describeWithChromium('in Chromium', () => {
    let browser: Chromium | undefined

    beforeAll(async () => {
      browser = await launchChromium([
        `--ignore-certificate-errors-spki-list=${spkiHash(tls.cert)}`,
      ])
    }, 60000)

    afterAll(async () => {
      await browser?.close()
    })

    /** Opens raw-sub.html from `site` against the proxy; its final state and detail. */
    async function runPage(
      site: StaticServer,
    ): Promise<{ state: string; detail: string; log: string }> {
      const page = await browser!.newPage()
      const log = pageLog(page)
      const query = new URLSearchParams({ server: url, ms: '500', rounds: '1', warmup: '0' })
      await page.goto(`${site.origin}/raw-sub.html?${query.toString()}`)
      await page.waitForSelector('body[data-state="done"], body[data-state="failed"]', {
        timeout: 30000,
      })
      const state = (await page.getAttribute('body', 'data-state')) ?? ''
      const detail = (await page.textContent('#detail')) ?? ''
      await page.close()
      return { state, detail, log: log() }
    }

    it('a page from the allowed origin gets the feed over wss://', async () => {
      const result = await runPage(allowedSite!)
      expect(result).toMatchObject({ state: 'done' })
    }, 60000)

    it('a page from another origin (another port) is refused: its WebSocket fails', async () => {
      const before = refusals.length
      const result = await runPage(foreignSite!)
      expect(result).toMatchObject({ state: 'failed' })
      expect(result.detail).toMatch(/WebSocket to wss:\/\/127\.0\.0\.1:\d+ (failed|closed)/)
      expect(refusals.slice(before)).toContain(
        `403 127.0.0.1: Origin '${foreignSite!.origin}' not allowed`,
      )
    }, 60000)
  })
})
