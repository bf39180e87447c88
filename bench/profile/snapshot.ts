import { execSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'

const root = join(__dirname, '..', '..')

/**
 * src/ as of `commit`, next to a copy of this bench/ and the worktree's node_modules, in
 * bench/results/snapshots/<commit>/: so that two versions of src/ can be profiled side by side
 * while src/ changes. Returns the snapshot's root ('' or 'worktree': the worktree itself).
 */
export function snapshot(commit: string): string {
  if (commit === '' || commit === 'worktree') return build(root)
  const hash = execSync(`git rev-parse --short ${commit}`, { cwd: root, encoding: 'utf8' }).trim()
  const dir = join(root, 'bench', 'results', 'snapshots', hash)
  if (!existsSync(join(dir, 'src'))) {
    mkdirSync(dir, { recursive: true })
    execSync(
      `git archive ${hash} src package.json tsconfig.json tsconfig.build.json | tar -x -C ${dir}`,
      { cwd: root },
    )
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
  }
  // Overwritten in place, never removed: another run may be using this snapshot.
  for (const entry of readdirSync(join(root, 'bench'))) {
    if (entry === 'results') continue
    cpSync(join(root, 'bench', entry), join(dir, 'bench', entry), { recursive: true })
  }
  return build(dir)
}

/** Builds `dir`'s src/ now (bench/lib/rxzmq.ts does it when stale), not in a measured process. */
function build(dir: string): string {
  execSync(`${process.execPath} --import tsx -e "require('./bench/lib/rxzmq.ts')"`, {
    cwd: dir,
    stdio: 'inherit',
  })
  return dir
}
