/**
 * A table to export: named columns and rows of plain values. The CSV and XLSX writers take the same
 * table, so both formats hold the same cells.
 */
export type Cell = string | number | boolean | null;

export interface ExportColumn {
  key: string;
  header: string;
  /** Column width in characters (XLSX only). */
  width?: number;
}

export interface ExportTable {
  /** The sheet name (XLSX): at most 31 characters, none of : \ / ? * [ ]. */
  name: string;
  columns: ExportColumn[];
  rows: Record<string, Cell>[];
}
