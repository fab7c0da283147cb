/** One numbered step of the schema; `up` runs inside a transaction. */
export interface Migration {
  version: number;
  name: string;
  up: string;
}
