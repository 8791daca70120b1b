// The identity switcher exists only in the browser build (index.h5.tsx); in WeChat the person is who WeChat says.
export default function DevIdentitySwitcher() {
  return null
}
