// `kavach/policy`: policies, presets, generalisation rules, money bands, structured records, audit.
// A view of the package root.
export {
  compilePolicy, extendPolicy, isCompiledPolicy, knownEntityTypes, ACTIONS, PRESETS, DEFAULT_PRESET, IDENTIFIER_TYPES,
  registerRule, unregisterRule, listRules, DEFAULT_RULES, RuleRegistry, MoneyFinder, moneyBand, parseAmount, MONEY_TYPE, bindPolicy,
  anonymiseRecord, deanonymiseRecord, anonymiseCsvRow, deanonymiseCsvRow, FIELD_HINTS, callbackSink, jsonlFileSink, makeAuditEvent,
} from '../index.js';
export type {
  Policy, EntityPolicy, MoneyPolicy, PolicyInput, PolicyOption, Plan, PlanStep, Decider, DecideContext, CompiledPolicy, EntityDecider, Action, Decision, PresetName, UserRuleFunction,
  UserRuleTable, RegisterRuleOptions, AuditOptions, BoundPolicy, RecordOptions, RecordEntity, AnonymisedRecord,
  DeanonymiseRecordOptions, DeanonymisedRecord, AnonymisedCsvRow, AuditEvent, AuditSink, AuditOperation, AuditContext,
} from '../index.js';
