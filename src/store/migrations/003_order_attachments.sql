-- Which order each attachment belongs to (sent with the request, or with a unit's reply):
-- a user may download an attachment only of an order they may see.
create table order_attachments (
  order_id integer not null references orders(id),
  attachment_id integer not null references attachments(id),
  primary key (order_id, attachment_id)
);
create index order_attachments_attachment on order_attachments (attachment_id);
