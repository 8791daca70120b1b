export default definePageConfig({ navigationBarTitleText: '活动类型与评价指标' })
