import { Button as AriaButton, type ButtonProps as AriaButtonProps } from 'react-aria-components';

export interface ButtonProps extends AriaButtonProps {
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  size?: 'md' | 'sm';
}

/** React Aria's Button: press events that behave the same for mouse, touch, keyboard and screen readers. */
export function Button({ variant = 'primary', size = 'md', className, ...props }: ButtonProps) {
  const cls = `btn btn-${variant}${size === 'sm' ? ' btn-sm' : ''}${typeof className === 'string' ? ` ${className}` : ''}`;
  return <AriaButton {...props} className={cls} />;
}
