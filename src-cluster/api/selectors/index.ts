/** Label and field selectors: parsing, matching and canonical printing. */
export * from './label-selector';
export {
  FieldSelector,
  escapeFieldValue,
  parseFieldSelector,
  type FieldRequirement,
  type Fields,
} from './field-selector';
export { fieldSetFor, supportedFieldLabels, validateFieldSelector } from './selectable-fields';
