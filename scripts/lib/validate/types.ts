/** validate's view of the shared model and rule types (scripts/lib/model/, scripts/lib/rules/). */
export type { Location, Resource, Unit } from '../model/types.js';
export type {
  ArgoContext,
  CheckContext,
  GlobalContext,
  RaisedRule,
  Rule,
  RuleGroup,
  RuleMeta,
  RuleScope,
  RunRule,
  UnitRule,
} from '../rules/types.js';
