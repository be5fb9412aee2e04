// Pieces the administration screens share: a page frame, an edit dialog, tree rows.
import type { ReactNode } from 'react';
import { Alert, App, Form, Modal, Space, Typography, type FormInstance } from 'antd';
import * as api from '../../../shared/api.ts';
import { useSubmit } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { buildTree, type Tree } from '../../../shared/trees.ts';

export function AdminPage({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={4} className="page-title" style={{ margin: 0 }}>{t(title)}</Typography.Title>
        <Space wrap>{extra}</Space>
      </Space>
      {children}
    </div>
  );
}

/** A dialog with a form that saves through `save`; shows the API's error (with the fields) in place. */
export function EditDialog<V extends object>({ title, initial, onClose, save, children, width }: {
  title: string;
  initial: Partial<V>;
  onClose: (saved: boolean) => void;
  save: (v: V, form: FormInstance<V>) => Promise<unknown>;
  children: (form: FormInstance<V>) => ReactNode;
  width?: number;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const { busy, error, submit: ok } = useSubmit(form, async (v) => {
    await save(v, form);
    message.success(t('已保存'));
    onClose(true);
  });
  return (
    <Modal open title={title} onOk={ok} onCancel={() => onClose(false)} confirmLoading={busy} okText={t('保存')} cancelText={t('取消')} destroyOnHidden width={width ?? 560} mask={{ closable: false }} okButtonProps={{ id: 'dialog-ok' }}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<V> form={form} layout="vertical" initialValues={initial as never} requiredMark={false}>
        {children(form)}
      </Form>
    </Modal>
  );
}

export type TreeRow<T> = T & { children?: TreeRow<T>[] };

/** Flat nodes → rows for an antd tree table. */
export function treeRows<T extends api.TreeNode>(nodes: readonly T[]): TreeRow<T>[] {
  const conv = (t: Tree<T>): TreeRow<T> => (t.children.length ? { ...t.node, children: t.children.map(conv) } : { ...t.node });
  return buildTree(nodes).map(conv);
}
