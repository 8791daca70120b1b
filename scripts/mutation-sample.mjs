// A Stryker ignorer plugin for a sampled mutation run (scripts/mutation.ts --sample): the run's `mutate` ranges are the
// sampled mutants' own locations, and this ignores the code nested inside each of them, so a sampled statement or
// block brings only its own mutants, not every mutant inside it.
import fs from 'node:fs'
import path from 'node:path'
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin'

let sampled
/** Sampled locations by file (relative path → [startLine, startColumn, endLine, endColumn], lines 1-based as in Babel). */
function locations() {
  sampled ??= process.env.SANWEI_MUTATION_SAMPLE ? JSON.parse(fs.readFileSync(process.env.SANWEI_MUTATION_SAMPLE, 'utf8')) : {}
  return sampled
}

const within = (outer, loc) =>
  (loc.start.line > outer[0] || (loc.start.line === outer[0] && loc.start.column >= outer[1])) &&
  (loc.end.line < outer[2] || (loc.end.line === outer[2] && loc.end.column <= outer[3]))
const same = (a, loc) => loc.start.line === a[0] && loc.start.column === a[1] && loc.end.line === a[2] && loc.end.column === a[3]

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'sample', {
    shouldIgnore(p) {
      const loc = p.node.loc
      const file = p.hub?.file?.opts?.filename
      if (!loc || !file) return undefined
      const all = locations()
      const key = Object.keys(all).find((k) => file === k || file.endsWith(path.sep + k))
      const ranges = key ? all[key] : []
      return ranges.some((r) => within(r, loc) && !same(r, loc)) ? 'not in the sample (nested in a sampled mutant)' : undefined
    },
  }),
]
