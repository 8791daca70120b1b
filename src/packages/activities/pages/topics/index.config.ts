export default definePageConfig({ navigationBarTitleText: '议题候选' })
