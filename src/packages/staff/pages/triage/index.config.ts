export default definePageConfig({ navigationBarTitleText: '工作人员工作台', enablePullDownRefresh: true })
