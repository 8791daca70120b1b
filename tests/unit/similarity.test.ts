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
