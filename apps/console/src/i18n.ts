import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

/**
 * Console texts. Button and page names are the operations manual's (操作手册): the browser tests
 * click them by these names, so the UI and the manual cannot drift apart.
 */
export const zhCN = {
  app: { title: '商品房电子公证网签', console: '工作台', logout: '退出登录' },
  area: { seller_clerk: '网签', notary: '公证', center_clerk: '备案', admin: '管理' },
  nav: {
    contracts: '合同列表',
    newContract: '签订商品房买卖合同',
    cases: '案件收件箱',
    filings: '受理队列',
    organisations: '机构',
    users: '用户',
    projects: '项目与房屋',
    keys: '密钥与证书',
    calendar: '节假日安排',
    query: '合同查询',
    verify: '公证书核验',
  },
  login: { title: '工作人员登录', username: '用户名', password: '密码', submit: '登录', publicLinks: '公众服务' },
  btn: {
    newContract: '签订商品房买卖合同',
    submit: '提交',
    setPassword: '设置合同密码',
    confirm: '确认',
    ok: '确定',
    cancel: '取消',
    push: '生成电子合同并推送公证处',
    viewQr: '查看二维码',
    download: '下载',
    print: '打印',
    applyFiling: '提交',
    printContract: '打印合同',
    paperSubmit: '提交交易中心',
    revoke: '撤销',
    saveDraft: '保存草稿',
    prev: '上一步',
    next: '下一步',
    approve: '审核通过',
    reject: '驳回',
    supplement: '需补正',
    accept: '受理',
    file: '备案',
    return: '退回',
    query: '查询',
    upload: '上传',
    replace: '替换',
    delete: '删除',
    preview: '预览',
    search: '查询',
    reset: '重置',
    import: '导入房屋',
    add: '新增',
    refresh: '刷新',
    view: '查看',
  },
  contract: {
    businessNo: '业务号',
    status: '状态',
    unit: '房屋',
    buyers: '买受人',
    totalPrice: '总价款',
    createdAt: '创建时间',
    project: '项目',
    dateRange: '创建日期',
    keyword: '业务号 / 买受人',
    materials: '收件材料',
    info: '合同信息',
    econtract: '电子合同',
    certificate: '公证书',
    filingRecord: '备案证明',
    notaryOffice: '选择公证处',
  },
};

void i18n.use(initReactI18next).init({
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  resources: { 'zh-CN': { translation: zhCN } },
  interpolation: { escapeValue: false },
});

export default i18n;
