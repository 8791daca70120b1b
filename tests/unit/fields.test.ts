// What a member's WeChat message and a group robot's post actually read (src/domain/notify/fields.ts): each field type
// within WeChat's rule, never empty, and the robot's markdown with only the lines it has.
import { chinaTime, cutBytes, cutChars, fitField, robotMarkdown } from '../../src/domain/notify/fields'

describe('a field is never empty and never over its rule', () => {
  test('thing: spaces folded, 20 characters kept whole, 21 cut to 19 and an ellipsis', () => {
    expect(fitField('thing', '  路灯   不亮  ')).toBe('路灯 不亮')
    expect(fitField('thing', '一二三四五六七八九十一二三四五六七八九十')).toBe('一二三四五六七八九十一二三四五六七八九十')
    expect(fitField('thing', '一二三四五六七八九十一二三四五六七八九十甲')).toBe('一二三四五六七八九十一二三四五六七八九…')
    expect(fitField('thing', undefined)).toBe('无')
    expect(fitField('thing', '   ')).toBe('无')
  })
  test('phrase: only Chinese characters, at most 5, and a stand-in when there are none', () => {
    expect(fitField('phrase', 'ok 1')).toBe('有更新')
    expect(fitField('phrase', '')).toBe('有更新')
  })
  test('time: UTC+8 minutes; a value that is not a time becomes the current time, not an empty field', () => {
    expect(fitField('time', '2026-12-31T16:00:00Z')).toBe('2027-01-01 00:00')
    const before = chinaTime(new Date().toISOString())!
    const shown = fitField('time', '明天上午')
    expect(shown).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    expect(shown >= before).toBe(true)
  })
  test('character_string: printable ASCII only, 32 at most, "-" when nothing is left', () => {
    expect(fitField('character_string', 'SW 编号 0001')).toBe('SW0001')
    expect(fitField('character_string', '编号')).toBe('-')
    expect(fitField('character_string', 'a'.repeat(33))).toBe('a'.repeat(32))
  })
  test('name: 10 characters at most, cut without an ellipsis; none → the stand-in', () => {
    expect(fitField('name', '欧阳一二三四五六七八九')).toBe('欧阳一二三四五六七八')
    expect(fitField('name', '王芳')).toBe('王芳')
    expect(fitField('name', '')).toBe('无')
  })
  test('number: digits only, else 0', () => {
    expect(fitField('number', '42')).toBe('42')
    expect(fitField('number', '4.2')).toBe('0')
    expect(fitField('number', '')).toBe('0')
    expect(fitField('number', '7'.repeat(40))).toBe('7'.repeat(32))
  })
  test('any other type: the folded text, or the stand-in', () => {
    expect(fitField('amount', ' 3 元 ')).toBe('3 元')
    expect(fitField('amount', '')).toBe('无')
  })
})

test('cutting by characters counts a character outside the BMP as one, and leaves a short value alone', () => {
  expect(cutChars('𠀀𠀀𠀀', 3)).toBe('𠀀𠀀𠀀')
  expect(cutChars('𠀀𠀀𠀀𠀀', 3)).toBe('𠀀𠀀…')
  expect(cutBytes('路灯', 6)).toBe('路灯')
  // '…' is 3 bytes: 7 bytes leave room for one 3-byte character.
  expect(cutBytes('路灯坏了', 7)).toBe('路…')
})

test('chinaTime: the same instant eight hours ahead, or null for text that is not a time', () => {
  expect(chinaTime('2026-11-30T15:59:00.000Z')).toBe('2026-11-30 23:59')
  expect(chinaTime('not a time')).toBeNull()
})

describe('robot markdown', () => {
  test('with only a heading and a title: two lines, nothing else', () => {
    expect(robotMarkdown({ heading: '交办提醒', title: '路灯' })).toBe('**交办提醒**\n事项：路灯')
  })
  test('each optional line in its colour; a deadline that is not a time is shown as written; angle brackets dropped', () => {
    expect(robotMarkdown({ heading: '村社区<b>工作群</b>通知', title: '<路灯>', place: '东湖社区', status: '已交办', deadline: '本周内', note: '请<尽快>处理', link: 'https://wxaurl.cn/x' })).toBe(
      '**村社区b工作群/b通知**\n事项：路灯\n> 地点：<font color="comment">东湖社区</font>\n> 状态：<font color="info">已交办</font>\n' +
      '> 期限：<font color="warning">本周内</font>\n请尽快处理\n[在小程序中查看](https://wxaurl.cn/x)')
  })
  test('a long note is what gets cut: the link stays whole at the end, the whole post within 4,096 bytes', () => {
    const text = robotMarkdown({ heading: '交办提醒', title: '路灯', note: '很长'.repeat(3000), link: 'https://wxaurl.cn/x' })
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4096)
    expect(Buffer.byteLength(text)).toBeGreaterThan(4080)
    expect(text.startsWith('**交办提醒**\n事项：路灯\n很长很长')).toBe(true)
    expect(text.endsWith('…\n[在小程序中查看](https://wxaurl.cn/x)')).toBe(true)
  })
})

test('a phrase keeps its first five Chinese characters; a cut by bytes fills the room exactly', () => {
  expect(fitField('phrase', '已经 办理完成了 ok')).toBe('已经办理完')
  // 9 bytes: the ellipsis takes 3, two 3-byte characters fill the other 6.
  expect(cutBytes('路灯坏了', 9)).toBe('路灯…')
  expect(cutBytes('路灯坏', 9)).toBe('路灯坏')
})
