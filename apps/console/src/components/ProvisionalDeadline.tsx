import { Tag, Tooltip, Typography } from 'antd';

/** What a deadline counted through a year whose 节假日安排 is not loaded says (issue 10 part 1). */
export const provisionalNote = (years: number[]) => `${years.join('、')}年节假日安排尚未发布，截止日期按法定节假日暂估`;

/** Beside such a deadline: the whole note, or in a table's cell a 暂估 tag that shows it on hover. */
export function ProvisionalDeadline({ years, compact = false }: { years: number[]; compact?: boolean }) {
  if (compact)
    return (
      <Tooltip title={provisionalNote(years)}>
        <Tag color="gold">暂估</Tag>
      </Tooltip>
    );
  return (
    <Typography.Text type="warning" data-testid="deadline-provisional" style={{ display: 'block' }}>
      ⚠ {provisionalNote(years)}
    </Typography.Text>
  );
}
