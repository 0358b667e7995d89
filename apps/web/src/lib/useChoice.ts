import { useState } from 'react';

/**
 * A choice among options that may come after the first render (the session's roles, say): the
 * value chosen (or given by the link), else the first option offered now. Derived at each render
 * rather than copied into state at the first one, so a form drawn before the session came never
 * sends an empty choice while its select shows the first option.
 */
export function useChoice(options: readonly string[], initial = ''): [string, (value: string) => void] {
  const [chosen, setChosen] = useState(initial);
  return [chosen || options[0] || '', setChosen];
}
