// The reliable ventilator (examples/reliable-pipeline/ventilator.ts) and peers that say what
// it cannot take: a READY whose credit is not a number made reliableDispatch error, and the
// ventilator exited 1 with the batch. Now it says what it ignored and goes on.
import { join } from 'node:path'
import { filter, firstValueFrom, take, toArray } from 'rxjs'
import { DealerSocket } from '../../src'
import { killAll, ROOT, start, TSX } from '../examples/processes'
import { tracker } from '../helpers/cleanup'

describe('the reliable ventilator and malformed signals', () => {
  const track = tracker()
  afterEach(killAll)

  it('should report and ignore a READY with a bad credit or a bad ACK, and finish the batch', async () => {
    const ventilator = start('ventilator', process.execPath, [
      '--import',
      TSX,
      join(ROOT, 'examples', 'reliable-pipeline', 'ventilator.ts'),
      '--bind',
      'tcp://127.0.0.1:*',
      '--tasks',
      '3',
      '--workers',
      '1',
      '--timeout',
      '5000',
    ])
    const [bound] = await ventilator.waitFor(/ventilator: bound tcp:\/\/[\d.]+:\d+/)
    const endpoint = /tcp:\/\/[\d.]+:\d+/.exec(bound)![0]

    const confused = track(new DealerSocket({ connect: endpoint }))
    confused.next(['READY', 'lots', 'confused'])
    confused.next(['ACK', 'x'])
    await ventilator.waitFor(/ventilator: ignored READY with credit 'lots'/)
    await ventilator.waitFor(/ventilator: ignored ACK of task 'x'/)

    const worker = track(new DealerSocket({ connect: endpoint }))
    const tasks = firstValueFrom(
      worker.pipe(
        filter(([kind]) => kind!.toString() === 'TASK'),
        take(3),
        toArray(),
      ),
    )
    worker.next(['READY', '3', 'good'])
    for (const [, id] of await tasks) worker.next(['ACK', id!])

    const exit = await ventilator.waitForExit(15000)
    expect({ exit, out: ventilator.describe() }).toMatchObject({ exit: { code: 0 } })
    expect(ventilator.stdout).toMatch(/ventilator: all 3 tasks acknowledged/)
  }, 30000)
})
