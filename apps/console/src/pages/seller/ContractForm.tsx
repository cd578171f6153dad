import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Divider,
  Form,
  Input,
  InputNumber,
  List,
  Row,
  Select,
  Space,
  Steps,
  Typography,
  App,
} from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  ID_TYPE_LABELS,
  PAYMENT_METHOD_LABELS,
  PRICING_METHOD_LABELS,
  REGION_LABELS,
  ZContractCheck,
  ZContractView,
  violationSummary,
  type TContractView,
} from '@netsign/api';
import { ApiError, fieldMessage, fieldPath, get, post, put, type Violation } from '../../api/client';
import { DateInput, YuanInput } from '../../components/inputs';
import { area, yuan } from '../../format';
import { STEP_OF_FIELD } from './contract-defaults';
import { hint } from '../../hint';

const STEPS = ['买受人', '房屋与价款', '付款方式', '交付与登记', '违约责任与物业', '补充协议与核对'];
const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
const REGIONS = options(REGION_LABELS);
const ID_TYPES = options(ID_TYPE_LABELS);
const PRICING_OPTIONS = options(PRICING_METHOD_LABELS);
const PAYMENT_OPTIONS = options(PAYMENT_METHOD_LABELS);

interface Props {
  contract: TContractView;
  onSubmitted: () => void;
}

/**
 * 签订商品房买卖合同: the GF-2014-0171 fields in steps, saved as a draft as the clerk types
 * (PUT /terms), checked live (GET /check), and 提交 reports every broken rule at its field.
 */
export function ContractForm({ contract, onSubmitted }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [step, setStep] = useState(0);
  const [violations, setViolations] = useState<Violation[]>([]);
  const [showAll, setShowAll] = useState(false);
  const [saveState, setSaveState] = useState<'saved' | 'saving' | 'dirty' | 'error'>('saved');
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const version = useRef<number>(contract.version);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const saving = useRef<Promise<void> | null>(null);
  const errored = useRef<string[]>([]);
  const unit = contract.parties.unit;

  const paymentMethod = Form.useWatch(['payment', 'method'], form);
  const pricingMethod = Form.useWatch(['pricing', 'method'], form);
  const areaMethod = Form.useWatch(['areaDifference', 'method'], form);
  const disputeMethod = Form.useWatch(['disputeResolution', 'method'], form);
  const totalPrice = Form.useWatch(['pricing', 'totalPrice'], form);

  /** Shows the rules broken at their fields: the touched ones while typing, all after 提交. */
  const showViolations = useCallback(
    (list: Violation[], all: boolean) => {
      const byField = new Map<string, string[]>();
      for (const v of list) {
        if (!all && !form.isFieldTouched(fieldPath(v.field))) continue;
        byField.set(v.field, [...(byField.get(v.field) ?? []), fieldMessage(v)]);
      }
      const clear = errored.current.filter((f) => !byField.has(f));
      form.setFields([
        ...clear.map((f) => ({ name: fieldPath(f), errors: [] as string[] })),
        ...[...byField].map(([f, errors]) => ({ name: fieldPath(f), errors })),
      ]);
      errored.current = [...byField.keys()];
    },
    [form],
  );

  const check = useCallback(
    async (all: boolean) => {
      const r = await get(`/api/contracts/${contract.id}/check`, ZContractCheck);
      setViolations(r.violations);
      showViolations(r.violations, all);
    },
    [contract.id, showViolations],
  );

  const save = useCallback(async () => {
    clearTimeout(timer.current);
    if (saving.current) await saving.current;
    const run = (async () => {
      setSaveState('saving');
      try {
        const terms = form.getFieldsValue(true);
        const body = { terms, version: version.current };
        const v = await put(`/api/contracts/${contract.id}/terms`, body, ZContractView);
        version.current = v.version;
        setSaveState('saved');
        setSavedAt(new Date());
        await check(showAll);
      } catch (e) {
        setSaveState('error');
        message.error(e instanceof ApiError ? `保存草稿失败：${e.message}` : '保存草稿失败');
      }
    })();
    saving.current = run;
    await run;
    saving.current = null;
  }, [check, contract.id, form, message, showAll]);

  useEffect(() => {
    void check(false);
  }, [check]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const onValuesChange = () => {
    setSaveState('dirty');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), 700);
  };

  const submit = async () => {
    setSubmitting(true);
    try {
      await save();
      await post(`/api/contracts/${contract.id}/submit`, {}, ZContractView);
      await qc.invalidateQueries({ queryKey: ['contract', contract.id] });
      message.success('合同已提交，请设置合同密码');
      onSubmitted();
    } catch (e) {
      if (e instanceof ApiError) {
        setShowAll(true);
        if (e.violations.length) {
          setViolations(e.violations);
          showViolations(e.violations, true);
          const first = e.violations
            .map((v) => STEP_OF_FIELD[v.field.split('.')[0]])
            .filter((s) => s !== undefined)
            .sort()[0];
          if (first !== undefined) setStep(first);
        }
        message.error(e.message);
      } else throw e;
    } finally {
      setSubmitting(false);
    }
  };

  /** A summary line's click: the field's step, then the field itself (scrolled to and focused once shown). */
  const goToField = (field: string) => {
    const s = STEP_OF_FIELD[field.split('.')[0]];
    if (s !== undefined) setStep(s);
    setTimeout(() => form.scrollToField(fieldPath(field), { block: 'center', focus: true }), 50);
  };

  const stepErrors = new Set(violations.map((v) => STEP_OF_FIELD[v.field.split('.')[0]]));
  const computeTotal = () => {
    const unitPrice = form.getFieldValue(['pricing', 'unitPrice']) ?? 0;
    const method = form.getFieldValue(['pricing', 'method']);
    const a = method === 'inner_area' ? unit.innerArea : unit.buildArea;
    form.setFieldValue(['pricing', 'totalPrice'], method === 'whole' ? unitPrice : Math.round((unitPrice * a) / 100));
    onValuesChange();
  };

  const panel = (i: number, children: React.ReactNode) => (
    <div style={{ display: step === i ? 'block' : 'none' }} data-step={STEPS[i]}>
      {children}
    </div>
  );

  return (
    <Card
      title="填写合同（GF-2014-0171 商品房买卖合同（预售）示范文本）"
      extra={
        <Space>
          <Typography.Text type={saveState === 'error' ? 'danger' : 'secondary'} data-testid="save-state">
            {saveState === 'saving'
              ? '正在保存草稿…'
              : saveState === 'dirty'
                ? '有未保存的修改'
                : saveState === 'error'
                  ? '草稿保存失败'
                  : savedAt
                    ? `草稿已保存 ${savedAt.toLocaleTimeString('zh-CN', { hour12: false })}`
                    : '草稿'}
          </Typography.Text>
          <Button onClick={() => void save()}>{t('btn.saveDraft')}</Button>
        </Space>
      }
    >
      <Steps
        size="small"
        current={step}
        onChange={setStep}
        style={{ marginBottom: 24 }}
        items={STEPS.map((title, i) => ({ title, status: showAll && stepErrors.has(i) ? 'error' : undefined }))}
      />
      <Form
        form={form}
        layout="vertical"
        initialValues={contract.terms}
        onValuesChange={onValuesChange}
        scrollToFirstError={false}
      >
        {panel(
          0,
          <>
            <Typography.Paragraph type="secondary">
              第一条 当事人：买受人为自然人的，填写身份证明文件；多名买受人共同购买的，填写各自的共有份额（合计
              100%）。非中国大陆居民将以证件与佐证视频方式核验身份。
            </Typography.Paragraph>
            <Form.List name="buyers">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f, i) => (
                    <Card
                      key={f.key}
                      size="small"
                      title={`买受人 ${i + 1}`}
                      style={{ marginBottom: 12 }}
                      extra={
                        fields.length > 1 && (
                          <Button
                            size="small"
                            danger
                            onClick={() => {
                              remove(f.name);
                              onValuesChange();
                            }}
                          >
                            移除
                          </Button>
                        )
                      }
                    >
                      <Row gutter={16}>
                        <Col span={8}>
                          <Form.Item label="姓名" name={[f.name, 'name']}>
                            <Input />
                          </Form.Item>
                        </Col>
                        <Col span={8}>
                          <Form.Item
                            label="买受人类别"
                            name={[f.name, 'region']}
                            tooltip={hint('中国大陆公民以人脸识别核验身份；其他买受人以证件加佐证视频核验')}
                          >
                            <Select options={REGIONS} />
                          </Form.Item>
                        </Col>
                        <Col span={8}>
                          <Form.Item label="国籍" name={[f.name, 'nationality']}>
                            <Input />
                          </Form.Item>
                        </Col>
                        <Col span={8}>
                          <Form.Item label="证件类型" name={[f.name, 'idType']}>
                            <Select options={ID_TYPES} />
                          </Form.Item>
                        </Col>
                        <Col span={8}>
                          <Form.Item
                            label="证件号码"
                            name={[f.name, 'idNumber']}
                            tooltip={hint('居民身份证按 GB 11643 校验；护照、通行证按号码规则与校验位校验')}
                          >
                            <Input />
                          </Form.Item>
                        </Col>
                        <Col span={8}>
                          <Form.Item
                            label="联系电话"
                            name={[f.name, 'phone']}
                            tooltip={hint('买受人用此手机号登录签约小程序')}
                          >
                            <Input />
                          </Form.Item>
                        </Col>
                        <Col span={16}>
                          <Form.Item label="通讯地址" name={[f.name, 'address']}>
                            <Input />
                          </Form.Item>
                        </Col>
                        <Col span={8}>
                          <Form.Item
                            label="共有份额（%）"
                            name={[f.name, 'share']}
                            tooltip={hint('仅共同买受人填写，合计须为 100%')}
                          >
                            <InputNumber min={0} max={100} style={{ width: '100%' }} />
                          </Form.Item>
                        </Col>
                      </Row>
                    </Card>
                  ))}
                  {fields.length < 5 && (
                    <Button
                      onClick={() => {
                        add({ region: 'mainland', nationality: '中国', idType: 'CN_RESIDENT_ID' });
                        onValuesChange();
                      }}
                    >
                      添加共同买受人
                    </Button>
                  )}
                </>
              )}
            </Form.List>
          </>,
        )}
        {panel(
          1,
          <>
            <Descriptions
              bordered
              size="small"
              column={3}
              title="第二条 商品房基本情况（以楼盘表为准）"
              style={{ marginBottom: 16 }}
            >
              <Descriptions.Item label="项目">{unit.projectName}</Descriptions.Item>
              <Descriptions.Item label="房屋">
                {unit.building} {unit.number}（第 {unit.floor} 层）
              </Descriptions.Item>
              <Descriptions.Item label="用途 / 结构">
                {unit.use} / {unit.structure}
              </Descriptions.Item>
              <Descriptions.Item label="建筑面积">{area(unit.buildArea)}</Descriptions.Item>
              <Descriptions.Item label="套内建筑面积">{area(unit.innerArea)}</Descriptions.Item>
              <Descriptions.Item label="分摊共有建筑面积">{area(unit.sharedArea)}</Descriptions.Item>
              <Descriptions.Item label="坐落" span={2}>
                {unit.address}
              </Descriptions.Item>
              <Descriptions.Item label="预售许可证">{unit.presaleLicence}</Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph type="secondary">第三条 计价方式与价款</Typography.Paragraph>
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item label="计价方式" name={['pricing', 'method']}>
                  <Select options={PRICING_OPTIONS} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item
                  label={pricingMethod === 'whole' ? '整套价格' : '单价（元/平方米）'}
                  name={['pricing', 'unitPrice']}
                >
                  <YuanInput suffix={pricingMethod === 'whole' ? '元' : '元/m²'} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item
                  label="总价款"
                  name={['pricing', 'totalPrice']}
                  tooltip={hint('总价款须等于单价 × 面积（按套计算时等于整套价格），误差不超过 1 元')}
                >
                  <YuanInput />
                </Form.Item>
              </Col>
            </Row>
            <Button onClick={computeTotal}>按单价计算总价款</Button>
          </>,
        )}
        {panel(
          2,
          <>
            <Typography.Paragraph type="secondary">第四条 付款方式及期限</Typography.Paragraph>
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item label="付款方式" name={['payment', 'method']}>
                  <Select options={PAYMENT_OPTIONS} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item
                  label={
                    paymentMethod === 'mortgage'
                      ? '首期房价款'
                      : paymentMethod === 'installment'
                        ? '第一期房价款'
                        : '房价款'
                  }
                  name={['payment', 'firstAmount']}
                >
                  <YuanInput />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="付款日期" name={['payment', 'firstDueDate']}>
                  <DateInput />
                </Form.Item>
              </Col>
              {paymentMethod === 'mortgage' && (
                <>
                  <Col span={8}>
                    <Form.Item
                      label="贷款金额"
                      name={['payment', 'loanAmount']}
                      tooltip={hint('首期房价款 + 贷款金额 = 总价款')}
                    >
                      <YuanInput />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item label="贷款方式" name={['payment', 'loanType']}>
                      <Select
                        options={[
                          { value: 'commercial', label: '商业贷款' },
                          { value: 'provident_fund', label: '公积金贷款' },
                          { value: 'combined', label: '组合贷款' },
                        ]}
                      />
                    </Form.Item>
                  </Col>
                </>
              )}
            </Row>
            {paymentMethod === 'installment' && (
              <Form.List name={['payment', 'installments']}>
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f, i) => (
                      <Row gutter={16} key={f.key}>
                        <Col span={10}>
                          <Form.Item label={`第 ${i + 2} 期金额`} name={[f.name, 'amount']}>
                            <YuanInput />
                          </Form.Item>
                        </Col>
                        <Col span={10}>
                          <Form.Item label="付款日期" name={[f.name, 'dueDate']}>
                            <DateInput />
                          </Form.Item>
                        </Col>
                        <Col span={4}>
                          <Button
                            style={{ marginTop: 30 }}
                            onClick={() => {
                              remove(f.name);
                              onValuesChange();
                            }}
                          >
                            删除
                          </Button>
                        </Col>
                      </Row>
                    ))}
                    <Button
                      onClick={() => {
                        add({});
                        onValuesChange();
                      }}
                    >
                      添加一期
                    </Button>
                  </>
                )}
              </Form.List>
            )}
          </>,
        )}
        {panel(
          3,
          <>
            <Typography.Paragraph type="secondary">
              第五章 商品房交付条件与交付手续；第十三条 面积差异处理；第二十条 房屋登记
            </Typography.Paragraph>
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item
                  label="交付日期"
                  name={['delivery', 'date']}
                  tooltip={hint('出卖人应当在该日期前向买受人交付该商品房')}
                >
                  <DateInput />
                </Form.Item>
              </Col>
              <Col span={16}>
                <Form.Item label="交付条件" name={['delivery', 'conditions']}>
                  <Select
                    mode="tags"
                    options={[
                      '取得建设工程竣工验收备案证明文件',
                      '取得房屋测绘报告',
                      '满足供水、排水、供电、燃气、通讯等基本使用条件',
                    ].map((v) => ({ value: v, label: v }))}
                  />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item
                  label="面积差异处理"
                  name={['areaDifference', 'method']}
                  tooltip={hint(
                    '示范文本第十三条：面积误差比绝对值在 3% 以内（含）据实结算；超出 3% 的，买受人有权退房',
                  )}
                >
                  <Select
                    options={[
                      { value: 'model_text', label: '按示范文本第十三条（±3%）' },
                      { value: 'agreed', label: '双方自行约定' },
                    ]}
                  />
                </Form.Item>
              </Col>
              {areaMethod === 'agreed' && (
                <Col span={16}>
                  <Form.Item label="约定的处理方式" name={['areaDifference', 'agreedTerms']}>
                    <Input.TextArea rows={2} />
                  </Form.Item>
                </Col>
              )}
              <Col span={8}>
                <Form.Item label="办理房屋登记期限（交付后天数）" name="registrationDays">
                  <InputNumber min={1} max={730} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          </>,
        )}
        {panel(
          4,
          <>
            <Typography.Paragraph type="secondary">
              第十章 违约责任；前期物业管理；第二十三条 争议解决方式
            </Typography.Paragraph>
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item label="逾期交房违约金（日万分之）" name={['liabilities', 'lateDeliveryDailyRate']}>
                  <InputNumber min={0} max={100} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="逾期付款违约金（日万分之）" name={['liabilities', 'latePaymentDailyRate']}>
                  <InputNumber min={0} max={100} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="宽限期（天）" name={['liabilities', 'graceDays']}>
                  <InputNumber min={0} max={365} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item label="前期物业服务企业" name={['propertyManagement', 'company']}>
                  <Input />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item label="物业服务费（元/平方米·月）" name={['propertyManagement', 'feePerSquareMetre']}>
                  <YuanInput suffix="元/m²·月" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item label="争议解决方式" name={['disputeResolution', 'method']}>
                  <Select
                    options={[
                      { value: 'court', label: '依法向房屋所在地人民法院起诉' },
                      { value: 'arbitration', label: '提交仲裁委员会仲裁' },
                    ]}
                  />
                </Form.Item>
              </Col>
              {disputeMethod === 'arbitration' && (
                <Col span={12}>
                  <Form.Item label="仲裁委员会" name={['disputeResolution', 'arbitrationCommission']}>
                    <Input placeholder="如 中山仲裁委员会" />
                  </Form.Item>
                </Col>
              )}
            </Row>
          </>,
        )}
        {panel(
          5,
          <>
            <Form.Item
              label="补充协议"
              name="supplementaryTerms"
              tooltip={hint('补充协议中不得减轻或免除示范文本中约定的出卖人责任')}
            >
              <Input.TextArea rows={5} />
            </Form.Item>
            <Divider>审核填写信息</Divider>
            {violations.length ? (
              <Alert
                type="warning"
                showIcon
                title={`尚有 ${violations.length} 处需要填写或更正`}
                description={
                  <List
                    size="small"
                    dataSource={violations}
                    renderItem={(v) => (
                      <List.Item style={{ cursor: 'pointer' }} onClick={() => goToField(v.field)}>
                        <Typography.Link>{violationSummary(v)}</Typography.Link>
                      </List.Item>
                    )}
                  />
                }
              />
            ) : (
              <Alert type="success" showIcon title="填写信息已通过审核，可以提交" />
            )}
            <Descriptions size="small" style={{ marginTop: 16 }} column={2}>
              <Descriptions.Item label="房屋">{contract.unitLabel}</Descriptions.Item>
              <Descriptions.Item label="总价款">{yuan(totalPrice ?? null)}</Descriptions.Item>
            </Descriptions>
          </>,
        )}
      </Form>
      <Divider />
      <Space>
        <Button disabled={step === 0} onClick={() => setStep(step - 1)}>
          {t('btn.prev')}
        </Button>
        <Button disabled={step === STEPS.length - 1} onClick={() => setStep(step + 1)}>
          {t('btn.next')}
        </Button>
        <Button type="primary" loading={submitting} onClick={() => void submit()}>
          {t('btn.submit')}
        </Button>
      </Space>
    </Card>
  );
}
