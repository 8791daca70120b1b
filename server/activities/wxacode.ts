// The activity's mini-program code through WeChat's open API, the documented way: wx-server-sdk's
// cloud.openapi.wxacode.getUnlimited, declared in the function's config.json permissions.openapi.
import { SIGN_IN_PAGE, sceneOf } from '../../src/domain/activities/api'
import type { Id } from '../../src/domain/types'

// wx-server-sdk has no types of its own; it is external to the bundle and installed in the cloud with the function.
// eslint-disable-next-line @typescript-eslint/no-require-imports
type WxCloud = { init(o: unknown): void; DYNAMIC_CURRENT_ENV: unknown; openapi: { wxacode: { getUnlimited(o: unknown): Promise<{ contentType: string; buffer: Buffer }> } } }
let cloud: WxCloud | undefined

function wx(): WxCloud {
  if (!cloud) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    cloud = require('wx-server-sdk') as WxCloud
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
  }
  return cloud
}

export async function signInCode(activityId: Id): Promise<{ scene: string; page: string; contentType: string; base64: string }> {
  const scene = sceneOf(activityId)
  // check_path false: the sign-in page lives in a subpackage that may not be published yet while testing.
  const res = await wx().openapi.wxacode.getUnlimited({ scene, page: SIGN_IN_PAGE, checkPath: false, width: 430 })
  return { scene, page: SIGN_IN_PAGE, contentType: res.contentType, base64: Buffer.from(res.buffer).toString('base64') }
}
