export type { LabelOperator, LabelRequirement, LabelSelector } from './label-selector';
export { LabelSelectorSyntaxError, type LabelSelectorSyntaxDetails } from './label-selector.errors';
export { canonicalLabelSelector, formatLabelSelector } from './label-selector.format';
export { MAX_LABEL_SELECTOR_LENGTH, parseLabelSelector } from './label-selector.parser';
export { labelKeyProblem, labelValueProblem } from './label-syntax';
