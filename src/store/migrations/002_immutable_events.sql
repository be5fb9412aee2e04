-- The event log is append-only: who, when, what and why can never be edited or removed.
create or replace function minsheng_events_are_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'order_events are immutable (% refused)', tg_op using errcode = 'P0001';
end
$$;

create trigger order_events_immutable before update or delete on order_events
  for each row execute function minsheng_events_are_immutable();

create trigger admin_events_immutable before update or delete on admin_events
  for each row execute function minsheng_events_are_immutable();
