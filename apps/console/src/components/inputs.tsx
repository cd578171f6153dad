import { DatePicker, InputNumber } from 'antd';
import dayjs from 'dayjs';

/** An amount kept in fen (the API's unit), typed in 元. */
export function YuanInput({
  value,
  onChange,
  id,
  suffix = '元',
  ...rest
}: {
  value?: number | null;
  onChange?: (v: number | undefined) => void;
  id?: string;
  suffix?: string;
  disabled?: boolean;
}) {
  return (
    <InputNumber<number>
      id={id}
      style={{ width: '100%' }}
      value={value === undefined || value === null ? null : value / 100}
      onChange={(v) => onChange?.(v === null || v === undefined ? undefined : Math.round(Number(v) * 100))}
      min={0}
      precision={2}
      suffix={suffix}
      {...rest}
    />
  );
}

/** A date kept as YYYY-MM-DD. */
export function DateInput({
  value,
  onChange,
  id,
  disabled,
}: {
  value?: string | null;
  onChange?: (v: string | undefined) => void;
  id?: string;
  disabled?: boolean;
}) {
  return (
    <DatePicker
      id={id}
      disabled={disabled}
      style={{ width: '100%' }}
      value={value ? dayjs(value) : null}
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : undefined)}
    />
  );
}
