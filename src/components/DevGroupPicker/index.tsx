// The group picker exists only in the browser build (index.h5.tsx); in WeChat a card is opened from a real group.
export default function DevGroupPicker(_props: { path: string; label: string }) {
  return null
}
