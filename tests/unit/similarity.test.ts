import { bigrams, dice, rankSimilar, similarity } from '../../src/domain/similarity'

describe('similar suggestions by Chinese character bigrams', () => {
  test('bigrams of a Chinese phrase ignore punctuation', () => {
    expect([...bigrams('停车难，停车位')].sort()).toStrictEqual(['停车', '停车', '车位', '车难'].filter((v, i, a) => a.indexOf(v) === i).sort())
  })
  test('the same text is 1, unrelated text is 0', () => {
    expect(similarity('南市楼宇停车难', '南市楼宇停车难')).toBe(1)
    expect(similarity('学生营养午餐', '路灯不亮')).toBe(0)
    expect(dice(new Set(), new Set(['a']))).toBe(0)
  })
  test('a draft finds the open item about the same problem first', () => {
    const candidates = [
      { _id: 'a', title: '学生营养午餐质量', content: '学校午餐营养搭配需要改进', villageId: 'v1' },
      { _id: 'b', title: '南市楼宇停车难', content: '南市片区写字楼停车位不足，上班族停车难', villageId: 'v2' },
      { _id: 'c', title: '村口路灯不亮', content: '晚上出行不便', villageId: 'v1' },
    ]
    const ranked = rankSimilar({ title: '楼宇停车难问题', content: '南市写字楼附近停车位太少', villageId: 'v2' }, candidates)
    expect(ranked[0]._id).toBe('b')
    expect(ranked.map((r) => r._id)).not.toContain('c')
    expect(ranked[0].score).toBeGreaterThan(0.3)
  })
})

describe('similarity worked out by hand', () => {
  test('a lone character is its own gram; Latin letters are lower-cased and join the Chinese beside them', () => {
    expect([...bigrams('灯')]).toStrictEqual(['灯'])
    expect([...bigrams('A路 灯b！x')]).toStrictEqual(['a路', '灯b', 'x'])
    expect([...bigrams('，。')]).toStrictEqual([])
  })
  test('Dice: twice the shared grams over both sizes, whichever set is larger', () => {
    expect(dice(new Set(['a', 'b', 'c']), new Set(['b']))).toBe(0.5)
    expect(dice(new Set(['b']), new Set(['a', 'b', 'c']))).toBe(0.5)
    expect(dice(new Set(['a']), new Set())).toBe(0)
  })
  test('scores: 0.6 of the title\'s likeness, 0.4 of the whole text\'s, 0.1 for the same village, at most 1; ties by id, latest first', () => {
    const candidates = [
      { _id: 'a', title: '路灯不亮', content: '', villageId: 'v1' },
      { _id: 'b', title: '路灯不亮', content: '', villageId: 'v2' },
      // Title: 路灯 of 3 and 3 grams → 1/3; whole text: 路灯, 不亮 of 6 and 3 → 4/9; same village.
      { _id: 'c', title: '村口路灯', content: '晚上不亮', villageId: 'v1' },
      // Title 0; whole text: 路灯 of 2 and 3 → 0.4; 0.16 in all, under the default 0.2.
      { _id: 'd', title: '垃圾', content: '路灯', villageId: 'v2' },
    ]
    const draft = { title: '路灯不亮', villageId: 'v1' }
    expect(rankSimilar(draft, candidates)).toStrictEqual([{ ...candidates[1], score: 1 }, { ...candidates[0], score: 1 }, { ...candidates[2], score: 0.478 }])
    expect(rankSimilar(draft, candidates, { min: 0.1 }).map((c) => [c._id, c.score])).toStrictEqual([['b', 1], ['a', 1], ['c', 0.478], ['d', 0.16]])
    expect(rankSimilar(draft, candidates, { limit: 2 }).map((c) => c._id)).toStrictEqual(['b', 'a'])
    expect(rankSimilar(draft, candidates, { min: 0.478 }).map((c) => c._id)).toStrictEqual(['b', 'a', 'c'])
    // The draft's content counts in the whole text: 垃圾 路灯 against d's 垃圾 路灯 is 1 and 1.
    expect(rankSimilar({ title: '垃圾', content: '路灯' }, candidates).map((c) => [c._id, c.score])).toStrictEqual([['d', 1]])
    // Five at most by default.
    const many = Array.from({ length: 7 }, (_, i) => ({ _id: `m${i}`, title: '路灯不亮', content: '', villageId: 'v9' }))
    expect(rankSimilar(draft, many).map((c) => c._id)).toStrictEqual(['m6', 'm5', 'm4', 'm3', 'm2'])
  })
})
