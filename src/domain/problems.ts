// What is wrong with an input, field by field, in Chinese and English: the rules that check input
// against the configuration return these, and the HTTP layer answers them as a 400.
export interface FieldProblem {
  field: string;
  message: string;
  messageEn: string;
}

export const problem = (field: string, zh: string, en: string): FieldProblem => ({ field, message: zh, messageEn: en });
