import { DatePicker } from 'antd'
import dayjs from 'dayjs'
import { useMessages } from './session'

/** A field day (YYYY-MM-DD, China calendar) with its label for screen readers. */
export function DayPicker(props: { value: string; onChange: (day: string) => void; id?: string }) {
  const m = useMessages()
  return (
    <DatePicker
      id={props.id ?? 'day'}
      aria-label={m.day}
      allowClear={false}
      value={dayjs(props.value)}
      onChange={(value) => value && props.onChange(value.format('YYYY-MM-DD'))}
    />
  )
}
