import type { FieldDescriptor } from '@segflow/engine';
import type { FormProps } from '../forms/form-props.ts';

/** What a widget gets: the whole form's props, its descriptor, and its own setting. */
export interface WidgetProps extends FormProps {
  field: FieldDescriptor;
  value: unknown;
  /** Sets this field's setting (undefined removes it), applying the kind's visibility rules. */
  setValue: (value: unknown) => void;
}
