export default definePageConfig({ navigationBarTitleText: '三微' })
