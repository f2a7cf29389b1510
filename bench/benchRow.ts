/** One measured figure. Benchmarks print and record; they do not assert. */
export interface BenchRow {
  section: string;
  metric: string;
  value: number | string;
  unit: string;
  /** What the figure should reach, or what it is compared with. */
  target?: string;
  note?: string;
}

export interface BenchSection {
  name: string;
  run(): Promise<BenchRow[]>;
}
