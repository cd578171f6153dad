import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Descriptions, Divider, Form, Input, List, Space, Steps, Typography, App } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ZContractCheck, ZContractView, violationSummary, type TContractView } from '@netsign/api';
import { ApiError, fieldMessage, fieldPath, get, post, put, type Violation } from '../../api/client';
import { yuan } from '../../format';
import { STEP_OF_FIELD } from './contract-defaults';
import { BuyersSection } from './contract-form/BuyersSection';
import { PriceSection } from './contract-form/PriceSection';
import { PaymentSection } from './contract-form/PaymentSection';
import { DeliverySection } from './contract-form/DeliverySection';
import { LiabilitySection } from './contract-form/LiabilitySection';
import { hint } from '../../hint';

const STEPS = ['买受人', '房屋与价款', '付款方式', '交付与登记', '违约责任与物业', '补充协议与核对'];

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
        {panel(0, <BuyersSection onChanged={onValuesChange} />)}
        {panel(1, <PriceSection unit={unit} onChanged={onValuesChange} />)}
        {panel(2, <PaymentSection onChanged={onValuesChange} />)}
        {panel(3, <DeliverySection />)}
        {panel(4, <LiabilitySection />)}
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
