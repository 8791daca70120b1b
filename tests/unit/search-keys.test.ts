// Keyword search keys written out by hand (src/domain/figures/search.ts): overlapping pairs of Chinese characters,
// whole Latin words of two letters or more, the title and the opening 60 characters of the content, at most 80 keys.
import { queryKeysOf, searchKeysOf } from '../../src/domain/figures/search'

test('an item\'s keys: pairs of each Chinese run, lower-cased Latin words, single characters left out, repeats once', () => {
  expect(searchKeysOf('孝心停车位 ABC 5G x', '路灯 停车')).toStrictEqual(['孝心', '心停', '停车', '车位', 'abc', '5g', '路灯'])
  expect(searchKeysOf('灯', '')).toStrictEqual([])
})

test('the content counts up to its 60th character, and no item holds more than 80 keys', () => {
  const content = '一'.repeat(58) + '路灯' + '坏了'
  expect(searchKeysOf('', content)).toStrictEqual(['一一', '一路', '路灯'])
  const long = Array.from({ length: 120 }, (_, i) => `w${i}`).join(' ')
  const keys = searchKeysOf(long, '')
  expect(keys).toHaveLength(80)
  expect(keys[79]).toBe('w79')
})

test('a query needs all its keys, at most 12; one Chinese character alone finds nothing', () => {
  expect(queryKeysOf('停车位')).toStrictEqual(['停车', '车位'])
  expect(queryKeysOf('停')).toStrictEqual([])
  expect(queryKeysOf(Array.from({ length: 20 }, (_, i) => `q${i}`).join(' '))).toHaveLength(12)
})
