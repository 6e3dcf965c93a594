import { Table, type TableProps } from 'antd'
import type { Loaded } from './useQuery'

/**
 * A list of records as the pages show one: one page of an API list (its cursor buttons sit
 * outside, so the table never pages by itself), small, scrolling sideways on a narrow screen,
 * loading while its query runs.
 */
export type RecordsTableProps<T extends object> = { loaded: Loaded<{ readonly items: readonly T[] }> } & Omit<
  TableProps<T>,
  'dataSource' | 'loading' | 'size' | 'pagination' | 'scroll'
>

export function RecordsTable<T extends object>(props: RecordsTableProps<T>) {
  const { loaded, ...table } = props
  return (
    <Table<T>
      size="small"
      loading={loaded.loading}
      dataSource={loaded.data?.items ?? []}
      pagination={false}
      scroll={{ x: true }}
      {...table}
    />
  )
}
