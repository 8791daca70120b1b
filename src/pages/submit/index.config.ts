export default definePageConfig({ navigationBarTitleText: '微建言' })
