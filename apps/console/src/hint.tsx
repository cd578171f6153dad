import { QuestionCircleOutlined } from '@ant-design/icons';

/**
 * A field's help shown on hover. The icon is hidden from screen readers: otherwise its name
 * ("question-circle") becomes part of the field's accessible name (issue 16 item 12).
 */
export const hint = (title: string) => ({ title, icon: <QuestionCircleOutlined aria-hidden="true" /> });
