/** pyramid-map's library: the mapping engine, exact money functions, presets and source knowledge (no Node-RED here). */
export { Mapping, MapError, compileMapping, rowErrorText, VALUE_TYPES, type MapConfig, type MapRow, type MapResult, type RowError, type InvalidMapRecord, type RunContext, type ValueType } from './engine';
export * as decimal from './decimal';
export { DECIMAL_FUNCTIONS, DecimalError } from './decimal';
export { PRESETS, getPreset, type Preset } from './presets';
export { sourceList, sourceFields, keyFieldsOf, sampleOf, type SourceField, type SourceInfo } from './sources';
export { WOO_SAMPLES, WOO_FIELDS } from './woocommerce';
export { mappingInput } from './input';
