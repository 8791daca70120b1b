// Picking photos on WeChat: a refusal (privacy guide, permission) is told to the person; only a cancel is silent.
import Taro from '@tarojs/taro'
import { photoRefusal, pickImages } from '../../src/api/media'

jest.mock('@tarojs/taro', () => require('./__mocks__/taro'))

const T = Taro as unknown as { chooseImage: jest.Mock; showModal: jest.Mock; openSetting?: jest.Mock }

beforeEach(() => {
  T.showModal.mockClear()
  T.openSetting = jest.fn(async () => ({}))
})

test('errno 112 (album and camera not in the privacy guide) is told, not taken as a cancel', async () => {
  T.chooseImage.mockRejectedValueOnce({ errno: 112, errMsg: 'chooseImage:fail api scope is not declared in the privacy agreement' })
  expect(await pickImages(3)).toEqual([])
  expect(T.showModal).toHaveBeenCalledTimes(1)
  expect(T.showModal.mock.calls[0][0]).toMatchObject({ title: '暂时无法选择照片', showCancel: false })
  expect(T.showModal.mock.calls[0][0].content).toContain('隐私保护指引尚未声明相册和相机权限')
})

test('a refused album or camera permission offers the settings page', async () => {
  T.chooseImage.mockRejectedValueOnce({ errMsg: 'chooseImage:fail auth deny' })
  T.showModal.mockResolvedValueOnce({ confirm: true, cancel: false })
  expect(await pickImages(3)).toEqual([])
  expect(T.showModal.mock.calls[0][0]).toMatchObject({ title: '没有相册或相机权限', confirmText: '去设置' })
  expect(T.openSetting).toHaveBeenCalledTimes(1)
})

test('a cancel is silent', async () => {
  T.chooseImage.mockRejectedValueOnce({ errMsg: 'chooseImage:fail cancel' })
  expect(await pickImages(3)).toEqual([])
  expect(T.showModal).not.toHaveBeenCalled()
})

test('refusals by errno and by message', () => {
  expect(photoRefusal({ errno: 112 })).toBe('privacyUndeclared')
  expect(photoRefusal({ errno: 104, errMsg: 'chooseImage:fail privacy permission is not authorized' })).toBe('privacyDeclined')
  expect(photoRefusal({ errno: 103 })).toBe('permissionDenied')
  expect(photoRefusal({ errMsg: 'chooseImage:fail cancel' })).toBeNull()
  expect(photoRefusal(undefined)).toBeNull()
})
